package io.cdclake.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a load did.
 *
 * @param database        the database loaded
 * @param databaseCreated whether the loader created it (false when it existed already)
 * @param rowCounts       rows per captured table (schema-qualified), in the pipeline's order: the snapshot a
 *                        connector will read
 * @param elapsed         time the whole load took
 */
public record LoadResult(String database, boolean databaseCreated, Map<String, Long> rowCounts, Duration elapsed) {

    public LoadResult {
        rowCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(rowCounts));
    }

    /** {@code 829 rows in datalake.cdc_events}, one entry per table. */
    public static String describe(Map<String, Long> rowCounts) {
        return rowCounts.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%,d rows in %s", e.getValue(), e.getKey()))
                .collect(Collectors.joining(", "));
    }
}
