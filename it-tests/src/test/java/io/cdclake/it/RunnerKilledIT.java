package io.cdclake.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A runner killed with SIGKILL (no shutdown hook runs) leaves nothing that keeps the next start from working on the
 * same data dir: its PostgreSQL stops with it, and a PostgreSQL left running anyway (its watchdog killed too) is
 * found and stopped by the next start, which says so.
 */
class RunnerKilledIT {

    private static final Duration READY = Duration.ofMinutes(3);

    @TempDir
    Path dataDir;

    @Test
    void aRunnerKilledWithSigkillLeavesNothingThatBlocksTheNextStart() throws Exception {
        Path postgres = dataDir.resolve("postgres");
        long firstPostmaster;
        try (RunnerProcess first = RunnerProcess.cli("up", "--data-dir", dataDir.toString(), "--fresh")) {
            first.awaitReady(READY);
            assertThat(dataDir.resolve("logs").resolve("cdclake.log")).as("the log up --fresh writes, where README says")
                    .content().contains("Kafka broker ready");
            firstPostmaster = RunnerProcess.postmasterPid(postgres).orElseThrow();
            first.process().destroyForcibly();
            assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        await("PostgreSQL stopping with its runner").atMost(Duration.ofSeconds(30))
                .until(() -> !RunnerProcess.alive(firstPostmaster));

        long secondPostmaster;
        try (RunnerProcess second = RunnerProcess.cli("up", "--data-dir", dataDir.toString())) {
            second.awaitReady(READY);
            assertThat(second.lines()).as("the restart says what it found")
                    .anyMatch(l -> l.contains("recovery: the last Kafka broker") && l.contains("did not stop cleanly"));
            secondPostmaster = RunnerProcess.postmasterPid(postgres).orElseThrow();
            // as `kill -9` of the whole process group would: the JVM and its watchdog, not PostgreSQL (its own session)
            second.children().forEach(ProcessHandle::destroyForcibly);
            second.process().destroyForcibly();
            assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(RunnerProcess.alive(secondPostmaster)).as("PostgreSQL outlived its runner and its watchdog").isTrue();

        try (RunnerProcess third = RunnerProcess.cli("up", "--data-dir", dataDir.toString())) {
            third.awaitReady(READY);
            assertThat(third.lines()).as("the restart stopped the PostgreSQL left running")
                    .anyMatch(l -> l.contains("recovery: PostgreSQL (pid " + secondPostmaster + ") was left running"));
            assertThat(RunnerProcess.alive(secondPostmaster)).as("the old PostgreSQL is gone").isFalse();
            long thirdPostmaster = RunnerProcess.postmasterPid(postgres).orElseThrow();
            assertThat(thirdPostmaster).isNotEqualTo(secondPostmaster);

            third.process().destroy(); // SIGTERM: a clean stop
            assertThat(third.process().waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> RunnerProcess.processesUsing(dataDir).isEmpty());
        }
    }
}
