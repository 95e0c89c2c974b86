package io.cdclake.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What to benchmark with, as the command line gives it; each check names the option, the value and the fix.
 * Serialised to JSON for the child JVMs of the startup benchmark.
 *
 * @param dataDirectory        where each run gets its own sub-directory (deleted after the run unless keepData)
 * @param flushIntervalSeconds the sink's flush interval in the local environment; null keeps the pipeline's
 * @param tuning               {@code debezium.tuning} overrides, key (e.g. {@code producer.lingerMs}) to value
 * @param smallTransactions    how many single-order transactions the stream benchmark commits
 * @param latencyRate          single-row transactions per second in the latency benchmark
 * @param latencySeconds       how long the latency benchmark writes at that rate
 * @param parts                what the stream benchmark also measures alone
 * @param putThreads           the threads PUTting objects to the S3 server alone
 */
public record BenchSettings(Path pipelineFile, Path dataDirectory, List<Path> pluginPath, int scale, int runs,
                            Integer flushIntervalSeconds, Map<String, String> tuning, int smallTransactions,
                            int latencyRate, int latencySeconds, Set<Part> parts, int putThreads, int timeoutSeconds,
                            boolean keepData) {

    /** Orders per scale unit the loader keeps (830, one held back for the insert scenario). */
    static final int ORDERS_PER_SCALE = 829;
    public static final int DEFAULT_SMALL_TRANSACTIONS = 2000;
    public static final int DEFAULT_LATENCY_RATE = 10;
    public static final int DEFAULT_LATENCY_SECONDS = 30;
    /** As many PUTs as the sink has in flight (its S3Storage.PARALLEL_PUTS). */
    public static final int DEFAULT_PUT_THREADS = 4;

    public BenchSettings {
        pluginPath = List.copyOf(pluginPath);
        tuning = Map.copyOf(tuning);
        parts = Set.copyOf(parts);
        if (!Files.isRegularFile(pipelineFile)) {
            throw new IllegalArgumentException("--pipeline " + pipelineFile + " is not a file; give a pipeline file,"
                    + " e.g. --pipeline pipelines/northwind-orders.yaml");
        }
        if (pluginPath.isEmpty() || !pluginPath.stream().allMatch(Files::isDirectory)) {
            throw new IllegalArgumentException("the Connect plugin path " + pluginPath + " is missing; run through"
                    + " ./cdclake, which builds it, or give --plugin-dir DIR");
        }
        atLeast("--scale", scale, 1, "1 is Northwind's size (829 events), 100 gives 82,900");
        atLeast("--runs", runs, 1, "e.g. --runs 3 for a median of three");
        if (flushIntervalSeconds != null) {
            atLeast("--flush-interval", flushIntervalSeconds, 1, "the sink flushes whole seconds, e.g. --flush-interval 5");
        }
        atLeast("--small-transactions", smallTransactions, 1, "e.g. --small-transactions 2000");
        atLeast("--rate", latencyRate, 1, "transactions per second, e.g. --rate 10");
        atLeast("--duration", latencySeconds, 1, "seconds of writing at --rate, e.g. --duration 30");
        atLeast("--put-threads", putThreads, 1, "threads PUTting to the S3 server alone, e.g. --put-threads "
                + DEFAULT_PUT_THREADS + " (as many as the sink has in flight)");
        atLeast("--timeout", timeoutSeconds, 1, "seconds to wait for each run, e.g. --timeout 600");
        long latencyTransactions = (long) latencyRate * latencySeconds;
        if (latencyTransactions >= (long) ORDERS_PER_SCALE * scale) {
            throw new IllegalArgumentException("--rate " + latencyRate + " x --duration " + latencySeconds + " = "
                    + latencyTransactions + " transactions, one order each, but scale " + scale + " has "
                    + ORDERS_PER_SCALE * scale + " orders; lower --rate or --duration, or raise --scale");
        }
        TuningOverrides.check(tuning);
    }

    private static void atLeast(String option, int value, int min, String hint) {
        if (value < min) {
            throw new IllegalArgumentException(option + " " + value + " must be " + min + " or more; " + hint);
        }
    }

    /** The same settings with another data directory: one run's own. */
    BenchSettings inDirectory(Path directory) {
        return new BenchSettings(pipelineFile, directory, pluginPath, scale, runs, flushIntervalSeconds, tuning,
                smallTransactions, latencyRate, latencySeconds, parts, putThreads, timeoutSeconds, keepData);
    }
}
