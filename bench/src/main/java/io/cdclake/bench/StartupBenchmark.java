package io.cdclake.bench;

import io.cdclake.embedded.Directories;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Cold starts: each run is a new JVM ({@link StartupProbe}) on a new data directory, so class loading, JIT warm-up,
 * the database load and the snapshot are all paid again, as on a user's first {@code ./cdclake up}. The child's
 * progress lines are shown as they come; its log goes to {@code startup-<run>.log} in the data directory.
 */
final class StartupBenchmark {

    static final String NAME = "startup";

    private StartupBenchmark() {
    }

    static RunResult run(BenchSettings settings, int run, PrintStream out) throws Exception {
        Path directory = settings.dataDirectory().resolve("startup-" + run);
        Path log = settings.dataDirectory().resolve("startup-" + run + ".log");
        Files.createDirectories(settings.dataDirectory());
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The same heap and GC options as this JVM (CDCLAKE_JAVA_OPTS), so the child is what `up` would be.
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X") || a.startsWith("-Dlogback.")).forEach(command::add);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupProbe.class.getName(),
                StartupProbe.JSON.writeValueAsString(settings.inDirectory(directory))));
        Process child = new ProcessBuilder(command).redirectError(log.toFile()).start();
        // The child gives up by itself after the timeout; this is for a child that hangs even so.
        CompletableFuture.delayedExecutor(2L * settings.timeoutSeconds(), TimeUnit.SECONDS).execute(child::destroyForcibly);
        // Ctrl-C or SIGTERM here stops the child too (it stops its servers in its own shutdown hooks)
        Thread stopChild = new Thread(child::destroy, "stop-startup-run-" + run);
        Runtime.getRuntime().addShutdownHook(stopChild);
        RunResult result = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith(StartupProbe.RESULT)) {
                    result = StartupProbe.JSON.readValue(line.substring(StartupProbe.RESULT.length()), RunResult.class);
                } else {
                    out.println("  run " + run + " | " + line);
                }
            }
        } finally {
            child.waitFor();
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to: nothing to remove
            }
            if (!settings.keepData()) {
                Directories.delete(directory);
            }
        }
        if (result == null) {
            throw new IllegalStateException("startup run " + run + " failed (exit " + child.exitValue() + "): "
                    + lastLine(log) + "; the whole log is in " + log);
        }
        return result;
    }

    private static String lastLine(Path log) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.startsWith("startup run failed"))
                .findFirst().orElse("no result line");
    }
}
