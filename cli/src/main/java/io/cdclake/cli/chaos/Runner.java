package io.cdclake.cli.chaos;

import io.cdclake.local.RuntimeControl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runner ({@code cdclake up --control}) in a process of its own, so that a SIGKILL is a real one: its output
 * goes to a log file in the run's directory, and its parts are stopped and started through its control channel.
 */
public final class Runner implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final Path dataDir;
    private volatile boolean ready;
    private volatile String lastLine = "";

    private Runner(Process process, Path dataDir, Path log) throws IOException {
        this.process = process;
        this.dataDir = dataDir;
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 out) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    out.println(line);
                    lastLine = line;
                    if (line.contains("] ready: ")) {
                        ready = true;
                    }
                }
            } catch (IOException e) {
                out.println("(runner output unreadable: " + e.getMessage() + ")");
            }
        }, "chaos-runner-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code cdclake ARGS} with this JVM's Java, class path and cdclake system properties, as the launcher
     * would; output appended to {@code log}.
     */
    public static Runner start(List<String> args, Path dataDir, Path log) throws IOException {
        Files.deleteIfExists(dataDir.resolve(RuntimeControl.FILE)); // a killed runner's; the new one writes its own
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("-XX:TieredStopAtLevel=1");
        for (String property : List.of("cdclake.home", "cdclake.plugins", "cdclake.sink.zip")) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cdclake.cli.CdcLake"));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        return new Runner(process, dataDir, log);
    }

    public long pid() {
        return process.pid();
    }

    /** Waits for the runner's ready line; fails with its last line when it exits first or takes too long. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the runner exited with " + process.exitValue()
                        + " before it was ready; its last line: " + lastLine);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the runner was not ready within " + timeout.toSeconds()
                        + " s; its last line: " + lastLine);
            }
            Thread.sleep(200);
        }
    }

    /** SIGKILL: no shutdown hook runs; its PostgreSQL stops with it (its watchdog sees the JVM gone). */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the runner (pid " + process.pid() + ") did not die within 60 s of SIGKILL");
        }
    }

    /** Stops or starts a part through the control channel: {@code part} postgres|kafka|connect|s3. */
    public String control(String part, String action) throws IOException, InterruptedException {
        URI base = RuntimeControl.url(dataDir).orElseThrow(() -> new IllegalStateException(
                "the runner has no control channel open in " + dataDir));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve("/parts/" + part + "/" + action))
                        .timeout(Duration.ofMinutes(3)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(action + " " + part + ": " + response.statusCode() + " "
                    + response.body().strip());
        }
        return response.body().strip();
    }

    /** SIGTERM, and waits for the runner to stop its parts in order. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        }
    }
}
