package io.cdclake.cli;

import io.cdclake.bench.Bench;
import io.cdclake.bench.BenchSettings;
import io.cdclake.bench.Benchmark;
import io.cdclake.bench.Part;
import io.cdclake.bench.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of the local pipeline: how fast it starts, how fast it carries changes compared with",
                "PostgreSQL's own pgoutput decoding, and its commit-to-S3 latency. Each run's figures, then the medians;",
                "--record appends them to BENCHMARKS.md. How to read them: BENCHMARKS.md."},
        subcommands = {BenchCommand.Startup.class, BenchCommand.Snapshot.class, BenchCommand.Stream.class,
                BenchCommand.Latency.class, BenchCommand.All.class})
final class BenchCommand {

    /** What every benchmark takes. */
    abstract static class Run implements Callable<Integer> {

        @Option(names = "--scale", paramLabel = "N", defaultValue = "1",
                description = "Northwind's scale factor: 1 has 829 order events, N has 829 x N (default: ${DEFAULT-VALUE}).")
        int scale;

        @Option(names = "--runs", paramLabel = "K", defaultValue = "3",
                description = "Runs of each benchmark; the medians are reported too (default: ${DEFAULT-VALUE}).")
        int runs;

        @Mixin
        PipelineOption pipeline;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:cdclake.home:-.}/.cdclake/bench",
                description = "Where each run gets a fresh data dir, deleted after it; logs stay in DIR/logs"
                        + " (default: ${DEFAULT-VALUE}). Never the data dir of a running 'up'.")
        Path dataDir;

        @Option(names = "--plugin-dir", paramLabel = "DIR",
                description = "An extra Connect plugin directory, as for 'up'; repeatable.")
        List<Path> pluginDirs = new ArrayList<>();

        @Option(names = "--tuning", paramLabel = "KEY=VALUE",
                description = "A debezium.tuning setting over the pipeline file's, repeatable: maxBatchSize, maxQueueSize,"
                        + " pollIntervalMs, converterSchemas, producer.lingerMs, producer.batchSize,"
                        + " producer.compressionType (e.g. --tuning producer.lingerMs=5).")
        Map<String, String> tuning = new LinkedHashMap<>();

        @Option(names = "--flush-interval", paramLabel = "SECONDS",
                description = "The sink's flush interval in the local environment (default: the pipeline file's).")
        Integer flushInterval;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
                description = "How long one run may take before it fails (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Option(names = "--record", description = "Append the medians to the results table of --results-file.")
        boolean record;

        @Option(names = "--results-file", paramLabel = "FILE", defaultValue = "${sys:cdclake.home:-.}/BENCHMARKS.md",
                description = "The file --record appends to (default: ${DEFAULT-VALUE}).")
        Path resultsFile;

        @Option(names = "--keep-data", description = "Keep each run's data dir, to look inside afterwards.")
        boolean keepData;

        @Spec
        CommandSpec spec;

        /** The benchmarks of this sub-command: the one it is named after, or every one for {@code all}. */
        private Set<Benchmark> benchmarks() {
            String name = spec.name();
            return name.equals("all") ? EnumSet.allOf(Benchmark.class) : EnumSet.of(Benchmark.valueOf(name.toUpperCase(Locale.ROOT)));
        }

        /** An option only some benchmarks take (their {@link StreamOptions}, {@link LatencyOptions}), or its default. */
        private <T> T option(String name, T fallback) {
            OptionSpec option = spec.findOption(name);
            return option == null ? fallback : option.<T>getValue();
        }

        @Override
        public Integer call() throws Exception {
            BenchSettings settings = settings();
            Path log = LogFile.redirect(settings.dataDirectory());
            PrintStream out = System.out;
            out.println("cdclake bench: logs of Kafka, Connect and Debezium in " + log);
            List<RunResult> medians = Bench.run(settings, benchmarks(), out);
            if (record) {
                Bench.record(resultsFile, medians, settings);
                out.println("recorded " + medians.size() + " row(s) in " + resultsFile);
            }
            return 0;
        }

        private BenchSettings settings() throws Exception {
            List<Path> pluginPath = new ArrayList<>();
            String bundled = System.getProperty("cdclake.plugins");
            if (bundled != null) {
                pluginPath.add(Path.of(bundled));
            }
            pluginDirs.forEach(d -> pluginPath.add(d.toAbsolutePath()));
            try {
                if (record) {
                    Bench.checkResultsFile(resultsFile);
                }
                return new BenchSettings(pipeline.file, dataDir.toAbsolutePath().normalize(), pluginPath, scale, runs,
                        flushInterval, tuning, option("--small-transactions", BenchSettings.DEFAULT_SMALL_TRANSACTIONS),
                        option("--rate", BenchSettings.DEFAULT_LATENCY_RATE),
                        option("--duration", BenchSettings.DEFAULT_LATENCY_SECONDS),
                        Part.parse(option("--parts", Part.ALL)), option("--put-threads", BenchSettings.DEFAULT_PUT_THREADS),
                        timeoutSeconds, keepData);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** {@code --small-transactions}, {@code --parts} and {@code --put-threads}, for the benchmarks that stream. */
    static final class StreamOptions {
        @Option(names = "--small-transactions", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_SMALL_TRANSACTIONS,
                description = "Single-order transactions of the small-transactions run (default: ${DEFAULT-VALUE}).")
        int count;

        @Option(names = "--parts", paramLabel = "PART[,PART...]", defaultValue = Part.ALL,
                description = "Parts also measured alone on the same changes, beside raw decoding and end to end:"
                        + " debezium (into Kafka, no sink), sink (from the filled topic into S3; runs debezium's part"
                        + " too), s3-server (parallel PUTs of the run's objects); or none (default: ${DEFAULT-VALUE}).")
        String parts;

        @Option(names = "--put-threads", paramLabel = "N", defaultValue = "" + BenchSettings.DEFAULT_PUT_THREADS,
                description = "Threads PUTting to the S3 server alone (default: ${DEFAULT-VALUE}, as many as the sink"
                        + " has in flight).")
        int putThreads;
    }

    /** {@code --rate} and {@code --duration}, for the latency benchmark. */
    static final class LatencyOptions {
        @Option(names = "--rate", paramLabel = "TX_PER_SECOND", defaultValue = "" + BenchSettings.DEFAULT_LATENCY_RATE,
                description = "Single-row transactions per second (default: ${DEFAULT-VALUE}).")
        int rate;

        @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "" + BenchSettings.DEFAULT_LATENCY_SECONDS,
                description = "How long to write at --rate (default: ${DEFAULT-VALUE}); each transaction updates its own order.")
        int seconds;
    }

    @Command(name = "startup", mixinStandardHelpOptions = true,
            description = "Cold start to ready, per phase (PostgreSQL, Kafka, S3, Connect, database, connectors running,"
                    + " snapshot landed), each run in a new JVM on a new data dir; peak heap and RSS.")
    static final class Startup extends Run {
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Debezium's initial snapshot of the outbox into Kafka and into S3, against raw pgoutput"
                    + " decoding of the same rows, and the ratios; peak heap and RSS.")
    static final class Snapshot extends Run {
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "Streaming changes into Kafka and into S3, one large transaction (every order) and many small"
                    + " ones, against raw pgoutput decoding of the same WAL range, and the ratios; with --parts, each"
                    + " part alone on the same changes and its share of the end-to-end time; peak heap and RSS.")
    static final class Stream extends Run {
        @Mixin
        StreamOptions stream;
    }

    @Command(name = "latency", mixinStandardHelpOptions = true,
            description = "Commit-to-S3 latency (p50, p90, p99, max) of single-row transactions at a steady rate, with"
                    + " the flush interval used; peak heap and RSS.")
    static final class Latency extends Run {
        @Mixin
        LatencyOptions latency;
    }

    @Command(name = "all", mixinStandardHelpOptions = true,
            description = "startup, snapshot, stream and latency, one after the other.")
    static final class All extends Run {
        @Mixin
        StreamOptions stream;

        @Mixin
        LatencyOptions latency;
    }
}
