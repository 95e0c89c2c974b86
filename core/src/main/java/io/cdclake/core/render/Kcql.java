package io.cdclake.core.render;

import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Sink;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The sink's {@code connect.s3.kcql}: one INSERT statement per topic, each with its topic's prefix and PARTITIONBY
 * ({@link Sink#statementFor}), in the Lenses S3 sink's syntax.
 */
public final class Kcql {

    private Kcql() {
    }

    /**
     * E.g. {@code INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.datalake.cdc_events PARTITIONBY
     * customer_id,order_id STOREAS `json` PROPERTIES('flush.interval'=60, 'flush.count'=50)}, the flush written as
     * the sink's Lenses line reads it ({@code WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50} for
     * {@code lenses-3}); statements for several topics are separated by {@code ;}.
     */
    public static String statements(Sink sink, Flush flush, List<String> topics) {
        return topics.stream().map(topic -> statement(sink, flush, topic)).collect(Collectors.joining(";"));
    }

    static String statement(Sink sink, Flush flush, String topic) {
        Sink.Statement statement = sink.statementFor(topic);
        StringBuilder kcql = new StringBuilder("INSERT INTO ").append(sink.bucket()).append(':').append(statement.prefix())
                .append(" SELECT * FROM ").append(topic)
                .append(statement.partitionBy().isEmpty() ? " NOPARTITION"
                        : " PARTITIONBY " + String.join(",", statement.partitionBy()))
                .append(" STOREAS `").append(sink.storeAs().kcql()).append('`');
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("interval", flush.intervalSeconds());
        settings.put("count", flush.count());
        settings.put("size", flush.sizeBytes());
        settings.values().removeIf(Objects::isNull);
        if (settings.isEmpty()) {
            return kcql.toString();
        }
        if (sink.compatibility() == Sink.Compatibility.LENSES_3) {
            settings.forEach((what, value) -> kcql.append(" WITH_FLUSH_").append(what.toUpperCase(Locale.ROOT))
                    .append(" = ").append(value));
        } else {
            // Lenses 7.0 replaced the WITH_FLUSH_* clauses with these properties and refuses the clauses since
            kcql.append(settings.entrySet().stream().map(e -> "'flush." + e.getKey() + "'=" + e.getValue())
                    .collect(Collectors.joining(", ", " PROPERTIES(", ")")));
        }
        return kcql.toString();
    }
}
