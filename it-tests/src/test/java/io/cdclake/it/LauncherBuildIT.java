package io.cdclake.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real {@code ./cdclake} launcher, started twice at once on sources it has not built: one builds, the other
 * waits for it and then runs on what it built. Two builds in one tree broke each other's classes ("cannot access
 * io.cdclake.deploy.MskConnectTarget"). The launcher runs in a copy of the project's layout with stand-ins for
 * {@code mvn} (slow, counting its builds) and {@code java}, so the test is about the launcher alone.
 */
class LauncherBuildIT {

    private static final Path LAUNCHER = Path.of("..", "cdclake").toAbsolutePath().normalize();

    @TempDir
    Path root;

    @Test
    void aSecondLauncherWaitsForTheBuildOfTheFirstInsteadOfBuildingBesideIt() throws Exception {
        Path launcher = root.resolve("cdclake");
        Files.copy(LAUNCHER, launcher);
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("cli/src/main/java"));
        Files.writeString(root.resolve("cli/src/main/java/Source.java"), "class Source {}\n");
        Path bin = Files.createDirectories(root.resolve("bin"));
        // a build that takes a while and leaves what the launcher looks for
        executable(bin.resolve("mvn"), "#!/usr/bin/env bash\n"
                + "echo build >> \"" + root.resolve("builds.txt") + "\"\n"
                + "sleep 3\n"
                + "mkdir -p cli/target/lib s3-sink/target\n"
                + "touch cli/target/cdclake-cli-0.jar s3-sink/target/cdclake-s3-sink-0.zip\n");
        executable(bin.resolve("java"), "#!/usr/bin/env bash\necho \"ran $*\" | grep -o 'io.cdclake.cli.CdcLake.*'\n");

        Process first = start(launcher, bin);
        Process second = start(launcher, bin);

        assertThat(first.waitFor(60, TimeUnit.SECONDS)).as("the first launcher ends").isTrue();
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second launcher ends").isTrue();
        String firstOut = new String(first.getInputStream().readAllBytes());
        String secondOut = new String(second.getInputStream().readAllBytes());
        assertThat(Files.readAllLines(root.resolve("builds.txt"))).as("builds").hasSize(1);
        assertThat(first.exitValue()).as(firstOut).isZero();
        assertThat(second.exitValue()).as(secondOut).isZero();
        assertThat(firstOut + secondOut).contains("another cdclake is building").contains("building…");
        assertThat(firstOut).contains("io.cdclake.cli.CdcLake --version");
        assertThat(secondOut).contains("io.cdclake.cli.CdcLake --version");
        assertThat(root.resolve("cli/target/.build.lock")).as("the lock is gone").doesNotExist();
    }

    private Process start(Path launcher, Path bin) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--version").directory(root.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.remove("JAVA_HOME");
        env.remove("CDCLAKE_JAVA_OPTS");
        env.put("PATH", bin + ":" + env.get("PATH"));
        return builder.start();
    }

    private static void executable(Path file, String script) throws IOException {
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
