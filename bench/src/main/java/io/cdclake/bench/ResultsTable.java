package io.cdclake.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The results table of BENCHMARKS.md: a row per benchmark's medians goes below the table's last row, so the table
 * keeps its history in the order the runs happened.
 */
final class ResultsTable {

    /** How the table's header row starts; the table is found by it. */
    static final String HEADER = "| date | cores |";

    private ResultsTable() {
    }

    /** @throws IllegalArgumentException when {@code file} has no results table, naming the file and the fix */
    static void check(Path file) throws IOException {
        headerIndex(file, read(file));
    }

    /** A row: date, cores, benchmark, scale, runs, figures, ratios (and shares), settings. */
    static String row(RunResult median, int scale, int runs, String settings) {
        String figures = median.figures().stream().filter(f -> !isRatio(f))
                .map(Figure::toString).collect(Collectors.joining(", "));
        String ratios = median.figures().stream().filter(ResultsTable::isRatio)
                .map(f -> String.format(java.util.Locale.ROOT, "%s %.2f", f.name(), f.value()))
                .collect(Collectors.joining(", "));
        return String.join(" | ", "| " + LocalDate.now(), String.valueOf(Runtime.getRuntime().availableProcessors()),
                median.benchmark(), String.valueOf(scale), String.valueOf(runs), figures,
                ratios.isEmpty() ? "-" : ratios, settings) + " |";
    }

    /** Ratios to raw decoding and shares of the end-to-end time go in the ratios column. */
    private static boolean isRatio(Figure f) {
        return f.unit().equals(Figure.RATIO) || f.unit().equals(Figure.SHARE);
    }

    static void append(Path file, List<String> rows) throws IOException {
        List<String> lines = read(file);
        int at = headerIndex(file, lines) + 1;
        while (at < lines.size() && lines.get(at).startsWith("|")) {
            at++;
        }
        List<String> updated = new ArrayList<>(lines.subList(0, at));
        updated.addAll(rows);
        updated.addAll(lines.subList(at, lines.size()));
        Files.write(file, updated, StandardCharsets.UTF_8);
    }

    private static List<String> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--results-file " + file + " does not exist; give the BENCHMARKS.md"
                    + " of the checkout, e.g. --results-file BENCHMARKS.md");
        }
        return Files.readAllLines(file, StandardCharsets.UTF_8);
    }

    private static int headerIndex(Path file, List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(HEADER)) {
                return i;
            }
        }
        throw new IllegalArgumentException("--results-file " + file + " has no results table (a line starting with '"
                + HEADER + "'); give the BENCHMARKS.md of the checkout");
    }
}
