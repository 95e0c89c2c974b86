package io.cdclake.bench;

import io.cdclake.core.model.Pipeline;
import io.cdclake.local.Progress;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Runs benchmarks and reports them: each run's figures as soon as it ends, then each benchmark's medians; the
 * medians can be appended to BENCHMARKS.md's results table. Startup runs start pipelines of their own; the other
 * benchmarks share one started pipeline.
 */
public final class Bench {

    /** From this scale on a run lasts minutes, and C2's faster code wins back what it costs to compile. */
    private static final int LONG_RUN_SCALE = 50;

    private Bench() {
    }

    /** @return one median result per benchmark (the stream benchmark gives two: large and small transactions) */
    public static List<RunResult> run(BenchSettings settings, Set<Benchmark> benchmarks, PrintStream out) throws Exception {
        Pipeline pipeline = BenchSession.configured(settings);
        Progress progress = new Progress(out);
        progress.say("bench", String.format("%s at scale %d, %d run(s) each, %d cores, %s; data in %s",
                benchmarks.stream().map(Benchmark::label).collect(Collectors.joining(", ")), settings.scale(),
                settings.runs(), Runtime.getRuntime().availableProcessors(), TuningOverrides.describe(pipeline)
                        + ", " + JvmOptions.describe(), settings.dataDirectory()));
        if (benchmarks.contains(Benchmark.STREAM) && !settings.parts().isEmpty()) {
            progress.say("bench", "stream: also alone on the same changes: " + Part.describe(settings.parts())
                    + (settings.parts().contains(Part.S3_SERVER) ? " (" + settings.putThreads() + " PUT threads)" : ""));
        }
        if (settings.scale() >= LONG_RUN_SCALE && JvmOptions.c1Only()) {
            progress.say("bench", "this JVM compiles with C1 alone, which suits short runs; at scale " + settings.scale()
                    + " CDCLAKE_JAVA_OPTS=-XX:TieredStopAtLevel=4 is faster (BENCHMARKS.md: heap at scale 100)");
        }
        Map<String, List<RunResult>> runs = new LinkedHashMap<>();
        if (benchmarks.contains(Benchmark.STARTUP)) {
            for (int run = 1; run <= settings.runs(); run++) {
                progress.say("startup", "run " + run + " of " + settings.runs() + ": a new JVM on a new data dir");
                collect(out, runs, List.of(StartupBenchmark.run(settings, run, out)), run, settings.runs());
            }
        }
        Set<Benchmark> onSession = EnumSet.noneOf(Benchmark.class);
        benchmarks.stream().filter(Benchmark::onSession).forEach(onSession::add);
        if (!onSession.isEmpty()) {
            try (BenchSession session = BenchSession.start(settings, pipeline, progress)) {
                for (Benchmark b : onSession) {
                    for (int run = 1; run <= settings.runs(); run++) {
                        progress.say(b.label(), "run " + run + " of " + settings.runs());
                        collect(out, runs, runOnce(b, session, run), run, settings.runs());
                    }
                }
            }
        }
        List<RunResult> medians = new ArrayList<>();
        runs.forEach((name, results) -> {
            RunResult median = RunResult.median(results);
            Report.print(out, name + ", median of " + results.size() + " run(s)", median);
            medians.add(median);
        });
        return medians;
    }

    /** Appends a row per median to the results table of {@code file} (BENCHMARKS.md). */
    public static void record(Path file, List<RunResult> medians, BenchSettings settings) throws Exception {
        String described = TuningOverrides.describe(BenchSession.configured(settings)) + ", " + JvmOptions.describe();
        ResultsTable.append(file, medians.stream()
                .map(m -> ResultsTable.row(m, settings.scale(), settings.runs(), described)).toList());
    }

    /** @throws IllegalArgumentException when {@code file} has no results table to append to */
    public static void checkResultsFile(Path file) throws Exception {
        ResultsTable.check(file);
    }

    private static List<RunResult> runOnce(Benchmark b, BenchSession session, int run) throws Exception {
        return switch (b) {
            case SNAPSHOT -> List.of(SnapshotBenchmark.run(session, run));
            case STREAM -> StreamBenchmark.run(session, run);
            case LATENCY -> List.of(LatencyBenchmark.run(session, run));
            case STARTUP -> throw new IllegalArgumentException("startup runs start their own pipeline");
        };
    }

    private static void collect(PrintStream out, Map<String, List<RunResult>> runs, List<RunResult> results, int run, int of) {
        for (RunResult r : results) {
            Report.print(out, r.benchmark() + ", run " + run + " of " + of, r);
            runs.computeIfAbsent(r.benchmark(), n -> new ArrayList<>()).add(r);
        }
    }
}
