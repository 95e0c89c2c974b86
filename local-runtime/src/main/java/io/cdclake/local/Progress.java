package io.cdclake.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Progress lines for people watching a long start: {@code [  4.1s] kafka: ready on localhost:39092}. Each
 * phase's duration is kept, so a start can be measured (and the benchmark reads the same figures).
 */
public final class Progress {

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private final Map<String, Duration> phases = new LinkedHashMap<>();

    public Progress(PrintStream out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Progress that prints nothing (tests, embedding code that reports on its own). */
    public static Progress silent() {
        return new Progress(new PrintStream(PrintStream.nullOutputStream()));
    }

    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    public synchronized void say(String phase, String message) {
        out.printf("[%6.1fs] %s: %s%n", elapsed().toMillis() / 1000.0, phase, message);
        out.flush();
    }

    /** Runs one phase, printing its start and how long it took. */
    public <T> T phase(String phase, String doing, PhaseBody<T> body) throws Exception {
        say(phase, doing + "…");
        long t0 = System.nanoTime();
        T result = body.run();
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        synchronized (this) {
            phases.put(phase, took);
        }
        say(phase, "done in " + seconds(took));
        return result;
    }

    /** How long each finished phase took, in the order they finished. */
    public synchronized Map<String, Duration> phases() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(phases));
    }

    public static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    @FunctionalInterface
    public interface PhaseBody<T> {
        T run() throws Exception;
    }
}
