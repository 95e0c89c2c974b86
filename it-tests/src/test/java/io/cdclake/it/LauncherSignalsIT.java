package io.cdclake.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code timeout 20 ./cdclake up} right after a build (the run that records the class-data archive) ends with nothing
 * of it left running, and the next {@code up} on that data dir starts. Skipped, saying why, where the launcher would
 * build first (it is not built, or sources changed since): a build inside {@code mvn verify} would race the reactor.
 */
class LauncherSignalsIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dataDir;

    @Test
    void aStopSentByTimeoutReachesTheJvmAndTheNextUpStarts() throws Exception {
        Assumptions.assumeTrue(launcherBuilt(), "the launcher is not built for these sources (cli/target/.built"
                + " missing or older than a source): run ./cdclake once, then this test runs");
        try (Stream<Path> archives = Files.list(ROOT.resolve("cli/target"))) { // as right after a build: this run records one
            for (Path archive : archives.filter(p -> p.getFileName().toString().matches("cdclake-jdk.*\\.(jsa|aot)")).toList()) {
                Files.delete(archive);
            }
        }

        Process stopped = new ProcessBuilder("timeout", "20", ROOT.resolve("cdclake").toString(), "up",
                "--data-dir", dataDir.toString(), "--fresh")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(stopped.waitFor(3, TimeUnit.MINUTES)).as("the launcher ended after timeout's SIGTERM").isTrue();
        await("nothing of the stopped run left").atMost(Duration.ofSeconds(30))
                .until(() -> RunnerProcess.processesUsing(dataDir).isEmpty());

        try (RunnerProcess next = RunnerProcess.start(List.of(ROOT.resolve("cdclake").toString(), "up",
                "--data-dir", dataDir.toString()), ROOT)) {
            next.awaitReady(Duration.ofMinutes(3));
            next.process().destroy();
            assertThat(next.process().waitFor(60, TimeUnit.SECONDS)).as("the next up stopped on SIGTERM").isTrue();
        }
        await("nothing of the next run left").atMost(Duration.ofSeconds(30))
                .until(() -> RunnerProcess.processesUsing(dataDir).isEmpty());
    }

    /** What the launcher's own check says: built, and no pom or main source newer than the stamp. */
    private static boolean launcherBuilt() throws IOException {
        Path stamp = ROOT.resolve("cli/target/.built");
        if (!Files.isRegularFile(stamp)) {
            return false;
        }
        FileTime built = Files.getLastModifiedTime(stamp);
        try (Stream<Path> tree = Files.walk(ROOT)) {
            return tree.filter(p -> !p.startsWith(ROOT.resolve(".git")))
                    .filter(p -> p.getFileName().toString().equals("pom.xml") || p.toString().contains("/src/main/"))
                    .filter(Files::isRegularFile)
                    .noneMatch(p -> newer(p, built));
        }
    }

    private static boolean newer(Path p, FileTime than) {
        try {
            return Files.getLastModifiedTime(p).compareTo(than) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
