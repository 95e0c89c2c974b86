package io.cdclake.sql;

import java.time.Duration;
import java.util.Map;

/** What a load did: the database, whether it was created, rows per table, outbox events, time taken. */
public record LoadResult(String database, boolean databaseCreated, Map<String, Long> rowCounts, long events,
                         Duration elapsed) {

    public LoadResult {
        rowCounts = Map.copyOf(rowCounts);
    }
}
