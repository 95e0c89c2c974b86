package io.cdclake.sql;

import java.time.Duration;
import java.util.Map;

/**
 * What a load did.
 *
 * @param database        the database loaded
 * @param databaseCreated whether the loader created it (false when it existed already)
 * @param rowCounts       rows per table of schema {@code datalake}, by table name, including {@code cdc_events}
 * @param events          rows in the outbox {@code cdc_events}, i.e. the snapshot a connector will read
 * @param elapsed         time the whole load took
 */
public record LoadResult(String database, boolean databaseCreated, Map<String, Long> rowCounts, long events,
                         Duration elapsed) {

    public LoadResult {
        rowCounts = Map.copyOf(rowCounts);
    }
}
