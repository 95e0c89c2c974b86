package io.cdclake.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/** A runner ({@code up}) in a process of its own, as a user or a process manager starts it; its output kept by line. */
final class RunnerProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private RunnerProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                    System.out.println("  runner " + process.pid() + " | " + line);
                }
            } catch (IOException e) {
                lines.add("(output unreadable: " + e.getMessage() + ")");
            }
        }, "runner-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static RunnerProcess start(List<String> command, Path workingDirectory) throws IOException {
        return new RunnerProcess(new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(true).start());
    }

    /**
     * {@code java ... io.cdclake.cli.CdcLake ARGS} on this test's class path, as the launcher runs it, in the
     * repository's root (where the default pipeline file is).
     */
    static RunnerProcess cli(String... args) throws IOException {
        return cli(Map.of(), args);
    }

    /** As {@link #cli(String...)}, with {@code environment} added to this process's environment. */
    static RunnerProcess cli(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()),
                "-XX:TieredStopAtLevel=1",
                "-Dcdclake.plugins=" + System.getProperty("cdclake.plugins"),
                "-Dcdclake.sink.zip=" + System.getProperty("cdclake.sink.zip"),
                "-cp", System.getProperty("java.class.path"), "io.cdclake.cli.CdcLake"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(LocalTargets.PIPELINE_FILE.toAbsolutePath().getParent().getParent().normalize().toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        return new RunnerProcess(builder.start());
    }

    Process process() {
        return process;
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for the runner's {@code ready} line; fails early with its output when it exits first. */
    void awaitReady(Duration timeout) {
        await("the runner's ready line").atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            if (lines.stream().anyMatch(l -> l.contains("] ready: "))) {
                return true;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the runner exited with " + process.exitValue() + " before it was ready:\n"
                        + String.join("\n", lines));
            }
            return false;
        });
    }

    /** Waits for a command that ends by itself ({@code demo}) and gives its exit code. */
    int awaitExit(Duration timeout) {
        await("the command's exit").atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> !process.isAlive());
        return process.exitValue();
    }

    /** The runner's processes other than its JVM (the PostgreSQL watchdog). */
    List<ProcessHandle> children() {
        return process.descendants().toList();
    }

    /** The process id in a PostgreSQL data directory's postmaster.pid, if the file is there. */
    static Optional<Long> postmasterPid(Path postgresDirectory) throws IOException {
        Path pidFile = postgresDirectory.resolve("postmaster.pid");
        if (!pidFile.toFile().isFile()) {
            return Optional.empty();
        }
        try (Stream<String> lines = java.nio.file.Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).map(Long::parseLong);
        }
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Every process whose command line names {@code path}: what a runner on that data dir left running. */
    static List<String> processesUsing(Path path) {
        String needle = path.toAbsolutePath().toString();
        return ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
