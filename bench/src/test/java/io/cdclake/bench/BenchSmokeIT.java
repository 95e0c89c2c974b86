package io.cdclake.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark once at the smallest size, so that none can rot: each figure is printed, for each run and as a
 * median, and the medians go into a results table. The figures themselves are not judged here.
 */
class BenchSmokeIT {

    private static final List<String> FIGURES = List.of(
            // startup
            "postgres", "kafka", "s3", "connect", "database", "connectors running", "snapshot landed", "JVM start to ready",
            // snapshot and stream
            "changes", "raw pgoutput", "raw pgoutput rate", "into Kafka", "into Kafka rate", "into S3", "into S3 rate",
            "into S3 object rate", "into S3 client CPU", "into S3 server CPU", "Kafka / raw", "S3 / raw",
            // stream's parts, each alone, and their shares of the end-to-end time
            "raw pgoutput share", "into Kafka share", "Debezium alone rate", "Debezium alone share", "sink alone rate",
            "sink alone object rate", "sink alone client CPU", "sink alone server CPU", "sink alone share",
            "S3 server alone threads", "S3 server alone rate", "S3 server alone object rate", "S3 server alone client CPU",
            "S3 server alone server CPU", "S3 server alone share",
            // latency
            "transactions", "rate", "flush interval", "p50", "p90", "p99", "max",
            // every benchmark
            "peak heap", "peak RSS");
    private static final List<String> TITLES = List.of("startup, run 1 of 1", "snapshot, run 1 of 1",
            "stream, one large transaction, run 1 of 1", "stream, small transactions, run 1 of 1", "latency, run 1 of 1",
            "startup, median of 1 run(s)", "snapshot, median of 1 run(s)", "latency, median of 1 run(s)");

    /** The rows of the table that puts each part's ceiling beside the end-to-end figures. */
    private static final List<String> SIDE_BY_SIDE = List.of("  side by side ", "  raw pgoutput decoding ",
            "  Debezium into Kafka, no sink ", "  Debezium into Kafka, sink running ", "  sink alone, filled topic into S3 ",
            "  S3 server alone, 4 PUT threads ", "  end to end into S3 ");

    @Test
    void everyBenchmarkPrintsEveryFigure(@TempDir Path dir) throws Exception {
        BenchSettings settings = new BenchSettings(Path.of(System.getProperty("cdclake.pipeline")), dir.resolve("data"),
                List.of(Path.of(System.getProperty("cdclake.plugins"))), 1, 1, 1, Map.of(), 20, 5, 2,
                Part.parse(Part.ALL), BenchSettings.DEFAULT_PUT_THREADS, 300, false);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(new Tee(captured, System.out), true, StandardCharsets.UTF_8);

        List<RunResult> medians = Bench.run(settings, EnumSet.allOf(Benchmark.class), out);

        String printed = captured.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains(TITLES);
        assertThat(printed).contains(SIDE_BY_SIDE);
        for (String figure : FIGURES) {
            assertThat(printed).as("figure '%s' printed", figure).containsPattern("(?m)^  " + java.util.regex.Pattern.quote(figure) + " ");
        }
        assertThat(medians).extracting(RunResult::benchmark).containsExactly("startup", "snapshot",
                StreamBenchmark.LARGE, StreamBenchmark.SMALL, "latency");

        Path table = dir.resolve("BENCHMARKS.md");
        Files.writeString(table, "# Results\n\n| date | cores | benchmark |\n|---|---|---|\n\nafter the table\n");
        Bench.record(table, medians, settings);
        List<String> lines = Files.readAllLines(table);
        assertThat(lines.subList(4, 9)).allSatisfy(row -> assertThat(row).startsWith("| ").contains("| 1 | 1 |"));
        assertThat(lines.get(lines.size() - 1)).isEqualTo("after the table");
    }

    /** Shows the benchmark's output as it runs while keeping it for the checks. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }
}
