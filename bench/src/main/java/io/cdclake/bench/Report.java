package io.cdclake.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The figures of a run as the terminal shows them, one per line, aligned; then, for a run measured in parts, each
 * part's ceiling beside the end-to-end figures in a table of its own.
 */
final class Report {

    /** A row of the side-by-side table: the figures named {@code figures + " rate"} and so on, and its label. */
    private record Row(String figures, String label) {
    }

    private static final List<Row> PARTS = List.of(
            new Row("raw pgoutput", "raw pgoutput decoding"),
            new Row(Decomposition.DEBEZIUM, "Debezium into Kafka, no sink"),
            new Row("into Kafka", "Debezium into Kafka, sink running"),
            new Row(Decomposition.SINK, "sink alone, filled topic into S3"),
            new Row(Decomposition.SERVER, "S3 server alone"),
            new Row("into S3", "end to end into S3"));
    private static final String COLUMNS = "  %-34s %18s %16s %18s %18s %14s%n";

    private Report() {
    }

    static void print(PrintStream out, String title, RunResult result) {
        out.println();
        out.println(title);
        for (Figure f : result.figures()) {
            out.printf("  %-28s %14s%n", f.name(), f.formatted());
        }
        if (result.figures().stream().anyMatch(f -> f.unit().equals(Figure.SHARE))) {
            out.println();
            printSideBySide(out, result.figures().stream().collect(Collectors.toMap(Figure::name, Function.identity())));
        }
        out.println();
        out.flush();
    }

    private static void printSideBySide(PrintStream out, Map<String, Figure> byName) {
        out.printf(COLUMNS, "side by side", "ceiling", "objects/s", "client ms CPU/obj", "server ms CPU/obj", "share of e2e");
        for (Row row : PARTS) {
            Figure rate = byName.get(row.figures() + " rate");
            if (rate == null) {
                continue;
            }
            String threads = Optional.ofNullable(byName.get(row.figures() + " threads"))
                    .map(t -> String.format(Locale.ROOT, ", %.0f PUT threads", t.value())).orElse("");
            out.printf(COLUMNS, row.label() + threads, rate.formatted(), number(byName, row, " object rate", "%,.0f"),
                    number(byName, row, " client CPU", "%.2f"), number(byName, row, " server CPU", "%.2f"),
                    row.figures().equals("into S3") ? "1.00" : number(byName, row, " share", "%.2f"));
        }
    }

    private static String number(Map<String, Figure> byName, Row row, String measure, String format) {
        Figure f = byName.get(row.figures() + measure);
        return f == null ? "-" : String.format(Locale.ROOT, format, f.value());
    }
}
