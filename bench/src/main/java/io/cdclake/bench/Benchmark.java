package io.cdclake.bench;

import java.util.Locale;

/** The benchmarks {@code ./cdclake bench} runs, in the order it runs them. */
public enum Benchmark {
    /** Cold start to ready, per phase, each run in a new JVM. */
    STARTUP,
    /** Debezium's initial snapshot into Kafka and S3 against raw pgoutput decoding of the same rows. */
    SNAPSHOT,
    /** Streaming changes into Kafka and S3, one large transaction and many small ones, against raw decoding. */
    STREAM,
    /** Commit-to-S3 latency of single-row transactions at a steady rate. */
    LATENCY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether its runs share one started pipeline ({@link BenchSession}); startup starts its own. */
    boolean onSession() {
        return this != STARTUP;
    }
}
