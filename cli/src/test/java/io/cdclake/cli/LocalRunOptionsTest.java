package io.cdclake.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options of {@code up} and {@code demo}: exit 2 with the option, the value and the fix, and nothing created. */
class LocalRunOptionsTest {

    @TempDir
    Path dir;

    @Test
    void aJdbcUrlOfAnotherDatabaseIsBadUsage() {
        CliRun run = up("--jdbc-url", "jdbc:mysql://localhost:3306/devdb");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--jdbc-url: JDBC URL 'jdbc:mysql://localhost:3306/devdb'"
                + " is not a PostgreSQL URL; use jdbc:postgresql://HOST:PORT/DATABASE");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing created").isFalse();
    }

    @Test
    void aPasswordThatTheEmulatorWouldStoreIsRefused() throws Exception {
        CliRun run = upWithBundledPlugins("--pipeline", "../pipelines/northwind-orders.yaml", "--via", "msk-connect",
                "--jdbc-url", "jdbc:postgresql://localhost:5432/devdb?password=pw-1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--via msk-connect would store the --jdbc-url user's"
                + " password in the emulator's files; use --via connect-rest, or a database user without a password"
                + " (trust authentication)");
        assertThat(run.err()).doesNotContain("pw-1");
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    @Test
    void aSourceContainerBesideAJdbcUrlIsBadUsage() throws Exception {
        CliRun run = upWithBundledPlugins("--pipeline", "../pipelines/northwind-orders.yaml", "--source-container",
                "postgres:17", "--jdbc-url", "jdbc:postgresql://localhost:5432/devdb");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--source-container and --jdbc-url both name the source"
                + " database; give one of them");
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    @Test
    void aBlankSourceContainerImageIsBadUsage() {
        CliRun run = up("--source-container", " ");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--source-container needs an image name, e.g. postgres:17");
    }

    @Test
    void aBlankKafkaContainerImageIsBadUsage() {
        CliRun run = up("--kafka-container", "");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--kafka-container needs an image name, e.g."
                + " apache/kafka:3.7.2");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing created").isFalse();
    }

    @Test
    void aPluginDirThatIsNoDirectoryIsBadUsage() {
        CliRun run = up("--plugin-dir", dir.resolve("no-such-dir").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--plugin-dir " + dir.resolve("no-such-dir")
                + " is not a directory; give a directory holding Connect plugins");
    }

    @Test
    void aTimeoutBelowOneSecondIsBadUsage() {
        CliRun run = CliRun.cdclake("demo", "--timeout", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--timeout 0 must be at least 1 second");
    }

    /** {@code up} past its start's check of the bundled plugins (an empty directory here). */
    private CliRun upWithBundledPlugins(String... options) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        String bundled = System.setProperty("cdclake.plugins", plugins.toString());
        try {
            return up(options);
        } finally {
            if (bundled == null) {
                System.clearProperty("cdclake.plugins");
            } else {
                System.setProperty("cdclake.plugins", bundled);
            }
        }
    }

    private CliRun up(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "up";
        args[1] = "--data-dir";
        args[2] = dir.resolve("data").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.cdclake(args);
    }
}
