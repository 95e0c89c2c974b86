package io.cdclake.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one run of a benchmark, or their medians over several runs.
 *
 * @param benchmark what ran, e.g. {@code stream, one large transaction}
 */
public record RunResult(String benchmark, List<Figure> figures) {

    public RunResult {
        figures = List.copyOf(figures);
    }

    /** Each figure's median over {@code runs}, in the order the first run has them; figures some runs lack are left out. */
    public static RunResult median(List<RunResult> runs) {
        Map<String, List<Figure>> byName = new LinkedHashMap<>();
        runs.forEach(r -> r.figures().forEach(f -> byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f)));
        List<Figure> medians = new ArrayList<>();
        byName.forEach((name, values) -> {
            if (values.size() == runs.size()) {
                double[] sorted = values.stream().mapToDouble(Figure::value).sorted().toArray();
                int n = sorted.length;
                double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
                medians.add(new Figure(name, median, values.get(0).unit()));
            }
        });
        return new RunResult(runs.get(0).benchmark(), medians);
    }
}
