package io.cdclake.bench;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The side-by-side table: a row per part that was measured, in the pipeline's order, "-" where a part has no such figure. */
class ReportTest {

    @Test
    void putsEachPartsCeilingBesideTheEndToEndFigures() {
        RunResult run = new RunResult("stream", List.of(
                new Figure("raw pgoutput rate", 8000, Figure.RATE),
                new Figure("into Kafka rate", 500, Figure.RATE),
                new Figure("into S3 rate", 250, Figure.RATE),
                new Figure("into S3 object rate", 250, Figure.OBJECT_RATE),
                new Figure("into S3 client CPU", 1.25, Figure.CPU_PER_OBJECT),
                new Figure("raw pgoutput share", 0.03125, Figure.SHARE),
                new Figure("into Kafka share", 0.5, Figure.SHARE),
                new Figure("S3 server alone threads", 4, Figure.COUNT),
                new Figure("S3 server alone rate", 500, Figure.RATE),
                new Figure("S3 server alone server CPU", 1.0, Figure.CPU_PER_OBJECT),
                new Figure("S3 server alone share", 0.5, Figure.SHARE)));

        List<String> lines = print(run);

        assertThat(lines).containsSubsequence(
                "  side by side                                  ceiling        objects/s  client ms CPU/obj  server ms CPU/obj   share of e2e",
                "  raw pgoutput decoding                 8,000 changes/s                -                  -                  -           0.03",
                "  Debezium into Kafka, sink running       500 changes/s                -                  -                  -           0.50",
                "  S3 server alone, 4 PUT threads          500 changes/s                -                  -               1.00           0.50",
                "  end to end into S3                      250 changes/s              250               1.25                  -           1.00");
        assertThat(lines).noneMatch(l -> l.contains("Debezium into Kafka, no sink") || l.contains("sink alone"));
    }

    @Test
    void printsNoTableForARunNotMeasuredInParts() {
        assertThat(print(new RunResult("latency", List.of(new Figure("p99", 1.2, Figure.SECONDS)))))
                .noneMatch(l -> l.contains("side by side"));
    }

    private static List<String> print(RunResult run) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Report.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "title", run);
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
