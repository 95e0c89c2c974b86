package io.cdclake.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code cdclake chaos} refuses bad usage in one line naming the flag, the value and the fix, before anything starts. */
class ChaosCommandTest {

    @TempDir
    Path dir;

    private CliRun chaos(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "chaos";
        all[1] = "--data-dir";
        all[2] = dir.resolve("run").toString();
        System.arraycopy(args, 0, all, 3, args.length);
        return CliRun.cdclake(all);
    }

    @Test
    void anUnknownFaultIsBadUsageNamingTheFaultsThereAre() {
        CliRun run = chaos("--faults", "kafka-restart,disk-full");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--faults: 'disk-full' is not a fault; use a comma-separated"
                + " list of runner-kill,postgres-restart,kafka-restart,connect-restart,s3-outage");
        assertThat(Files.exists(dir.resolve("run"))).as("nothing created").isFalse();
    }

    @Test
    void tooFewChangesAreBadUsage() {
        CliRun run = chaos("--changes", "10");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--changes 10 is too few to place faults in; give 100 or more");
    }

    @Test
    void anUnknownTargetAndANonPostgresUrlAreBadUsage() {
        assertThat(chaos("--via", "kinesis").exitCode()).isEqualTo(2);
        CliRun url = chaos("--jdbc-url", "jdbc:mysql://localhost:3306/chaosdb");
        assertThat(url.exitCode()).isEqualTo(2);
        assertThat(url.err().lines().findFirst().orElse("")).startsWith("--jdbc-url:");
    }

    @Test
    void aDbUserWithoutAJdbcUrlIsBadUsage() {
        CliRun run = chaos("--db-user", "cdc");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst().orElse("")).startsWith("--db-user applies to an external database only");
    }
}
