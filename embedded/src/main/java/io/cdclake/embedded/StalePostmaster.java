package io.cdclake.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a runner that died without stopping its PostgreSQL left in the data directory: a postmaster still running
 * on it (one no runner owns, which would answer in place of the one about to start), or a {@code postmaster.pid}
 * whose process is gone (which a reused process id would make PostgreSQL refuse). Cleared before a start, each
 * finding reported.
 */
final class StalePostmaster {

    static final String PID_FILE = "postmaster.pid";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private StalePostmaster() {
    }

    /** Called once the directory's lock is known free: no live runner owns what is found here. */
    static void clear(Path dataDirectory, Consumer<String> report) throws IOException {
        Path pidFile = dataDirectory.resolve(PID_FILE);
        Optional<Long> pid = pidOf(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(pid.get())
                .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().equals("postgres")).orElse(false));
        if (postmaster.isPresent()) {
            report.accept("PostgreSQL (pid " + pid.get() + ") was left running on " + dataDirectory
                    + " by a runner that did not stop it; stopping it");
            stop(postmaster.get());
        } else {
            Files.deleteIfExists(pidFile);
            report.accept("the last PostgreSQL on " + dataDirectory + " did not stop cleanly (pid " + pid.get()
                    + " is gone); removed its postmaster.pid, PostgreSQL replays its WAL");
        }
    }

    /** The postmaster's process id: the pid file's first line. */
    private static Optional<Long> pidOf(Path pidFile) throws IOException {
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty(); // written half by a postmaster killed as it started: nothing runs
        }
    }

    /** SIGTERM (a smart shutdown: its clients died with their runner), SIGKILL when it does not end in time. */
    private static void stop(ProcessHandle postmaster) throws IOException {
        postmaster.destroy();
        try {
            postmaster.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            postmaster.destroyForcibly();
            postmaster.onExit().join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL (pid " + postmaster.pid() + ")", e);
        } catch (ExecutionException e) {
            throw new IOException("stopping PostgreSQL (pid " + postmaster.pid() + "): " + e.getMessage(), e);
        }
    }
}
