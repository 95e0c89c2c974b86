package io.cdclake.it;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code ./cdclake} launcher, run in a copy of the project's layout with stand-ins for {@code mvn} (slow,
 * counting its builds, leaving the jars the launcher looks for) and {@code java} (printing what it was asked to run),
 * so the tests are about the launcher alone: its builds and its class-data archive.
 */
class LauncherIT {

    private static final Path LAUNCHER = Path.of("..", "cdclake").toAbsolutePath().normalize();
    /** No JDK release file beside the stand-in java: the launcher names the archive for an unknown JDK 17-like one. */
    private static final String ARCHIVE = "cli/target/cdclake-jdkunknown.jsa";

    @TempDir
    Path root;

    private Path launcher;
    private Path bin;

    @BeforeEach
    void project() throws IOException {
        launcher = root.resolve("cdclake");
        Files.copy(LAUNCHER, launcher);
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("cli/src/main/java"));
        Files.writeString(root.resolve("cli/src/main/java/Source.java"), "class Source {}\n");
        bin = Files.createDirectories(root.resolve("bin"));
        executable(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
                + "echo build >> \"" + root.resolve("builds.txt") + "\"\n"
                + "sleep 3\n"
                + "mkdir -p cli/target/lib s3-sink/target\n"
                + "touch cli/target/cdclake-cli-0.jar s3-sink/target/cdclake-s3-sink-0.zip\n");
        // Records an archive when asked to, as the JVM does at exit, and writes the keep file as the real runner does
        // once the runtime is up, which `--help` never gets to.
        executable(bin.resolve("java"), """
                #!/usr/bin/env bash
                for a in "$@"; do
                  case "$a" in
                    -XX:ArchiveClassesAtExit=*) recording="${a#*=}" ;;
                    -Dcdclake.archive.keep=*) keep="${a#*=}" ;;
                  esac
                done
                if [ -n "${recording:-}" ]; then
                  echo classes > "$recording"
                  case " $* " in *" --help "*) ;; *) touch "$keep" ;; esac
                fi
                echo "ran $*" | grep -o -e '-XX:SharedArchiveFile=[^ ]*' -e '-Xshare:off' -e 'io.cdclake.cli.CdcLake.*'
                """);
    }

    @Test
    void aSecondLauncherWaitsForTheBuildOfTheFirstInsteadOfBuildingBesideIt() throws Exception {
        // Two builds in one tree broke each other's classes ("cannot access io.cdclake.deploy.MskConnectTarget").
        Process first = start("--version");
        Process second = start("--version");

        String firstOut = output(first);
        String secondOut = output(second);
        assertThat(Files.readAllLines(root.resolve("builds.txt"))).as("builds").hasSize(1);
        assertThat(first.exitValue()).as(firstOut).isZero();
        assertThat(second.exitValue()).as(secondOut).isZero();
        assertThat(firstOut + secondOut).contains("another cdclake is building").contains("building…");
        assertThat(firstOut).contains("io.cdclake.cli.CdcLake --version");
        assertThat(secondOut).contains("io.cdclake.cli.CdcLake --version");
        assertThat(root.resolve("cli/target/.build.lock")).as("the lock is gone").doesNotExist();
    }

    @Test
    void onlyARunThatStartedTheRuntimeLeavesTheClassArchiveLaterStartsMap() throws Exception {
        // `up --help` first after a build left an archive of a few hundred classes, and every later start loaded
        // Kafka, Connect and S3Proxy anew (bench startup: Kafka 2.1 s instead of 1.3 s) until the next build.
        assertThat(output(start("up", "--help"))).contains("io.cdclake.cli.CdcLake up --help");
        String afterHelp = output(start("--version"));
        assertThat(afterHelp).as("a start after up --help").doesNotContain("SharedArchiveFile");
        assertThat(root.resolve(ARCHIVE)).as("the archive after up --help").doesNotExist();

        output(start("up"));
        String afterUp = output(start("--version"));
        assertThat(afterUp).as("a start after an up that started the runtime")
                .contains("-XX:SharedArchiveFile=" + root.resolve(ARCHIVE));
        try (Stream<Path> left = Files.list(root.resolve("cli/target"))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cdclake-jdk")))
                    .as("the archive alone, no recording or keep file left").containsExactly("cdclake-jdkunknown.jsa");
        }
    }

    @Test
    void aRunWithAFlightRecordingNeitherMapsNorRecordsTheArchive() throws Exception {
        // JDK 17.0.15 crashed (SIGSEGV) when JFR's profiling started in a JVM mapping the archive
        output(start("up"));
        assertThat(output(start("--version"))).contains("-XX:SharedArchiveFile=");
        String jfr = "-XX:StartFlightRecording=filename=bench.jfr,settings=profile";

        String profiled = output(startWithJavaOptions(jfr, "--version"));
        assertThat(profiled).contains("-Xshare:off").doesNotContain("SharedArchiveFile");
        Files.delete(root.resolve(ARCHIVE));
        output(startWithJavaOptions(jfr, "up"));

        try (Stream<Path> left = Files.list(root.resolve("cli/target"))) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("cdclake-jdk")))
                    .as("no recording made by a profiled up").isEmpty();
        }
    }

    private Process start(String... arguments) throws IOException {
        return startWithJavaOptions(null, arguments);
    }

    private Process startWithJavaOptions(String javaOptions, String... arguments) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(Stream.concat(Stream.of(launcher.toString()), Stream.of(arguments))
                .toList()).directory(root.toFile()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("CDCLAKE_JAVA_OPTS");
        if (javaOptions != null) {
            env.put("CDCLAKE_JAVA_OPTS", javaOptions);
        }
        env.put("PATH", bin + ":" + env.get("PATH"));
        return builder.start();
    }

    private static String output(Process process) throws Exception {
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return new String(process.getInputStream().readAllBytes());
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
