package io.cdclake.it;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code ./cdclake chaos}, small and seeded, on each target: a runner killed with SIGKILL and a Connect
 * worker restart in the middle of a stream of committed changes, then every change in S3 exactly once. Counts
 * only: how long a recovery takes depends on the machine.
 */
class ChaosRunIT {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void everyCommittedChangeLandsOnceThroughARunnerKillAndAConnectRestart(String via) throws Exception {
        List<String> lines;
        try (RunnerProcess chaos = RunnerProcess.cli("chaos", "--changes", "600", "--seed", "11",
                "--faults", "runner-kill,connect-restart", "--via", via, "--data-dir", dir.toString())) {
            assertThat(chaos.process().waitFor(15, TimeUnit.MINUTES)).as("the run ends").isTrue();
            lines = chaos.lines();
            assertThat(chaos.process().exitValue()).as(String.join("\n", lines)).isZero();
        }
        assertExactlyOnce(row(lines, "runner-kill"), lines);
        assertExactlyOnce(row(lines, "connect-restart"), lines);
        List<String> total = row(lines, "total");
        assertThat(total.subList(0, 2)).as("committed and landed").containsExactly("600", "600");
        assertThat(total.subList(2, 5)).as("lost, duplicated, duplicated in the topic").containsExactly("0", "0", "0");
        assertThat(lines).contains("PASS: every committed change is in S3 (0 duplicated)");
    }

    private static void assertExactlyOnce(List<String> row, List<String> lines) {
        assertThat(Long.parseLong(row.get(0))).as("committed\n" + String.join("\n", lines)).isPositive();
        assertThat(row.get(1)).as("landed").isEqualTo(row.get(0));
        assertThat(row.subList(2, 5)).as("lost, duplicated, in topic\n" + String.join("\n", lines))
                .containsExactly("0", "0", "0");
    }

    /** The summary row of {@code name}: its numbers (committed, landed, lost, duplicated, in topic). */
    private static List<String> row(List<String> lines, String name) {
        return lines.stream().map(String::trim).filter(l -> l.startsWith(name + " "))
                .map(l -> List.of(l.substring(name.length()).trim().split("\\s+")))
                .filter(cells -> cells.size() >= 5 && cells.get(0).chars().allMatch(Character::isDigit))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no summary row " + name
                        + " in:\n" + String.join("\n", lines)));
    }
}
