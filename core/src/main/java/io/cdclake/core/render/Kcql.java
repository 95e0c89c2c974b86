package io.cdclake.core.render;

import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Sink;

import java.util.List;
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
     * customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50}; statements for several
     * topics are separated by {@code ;}.
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
        if (flush.intervalSeconds() != null) {
            kcql.append(" WITH_FLUSH_INTERVAL = ").append(flush.intervalSeconds());
        }
        if (flush.count() != null) {
            kcql.append(" WITH_FLUSH_COUNT = ").append(flush.count());
        }
        if (flush.sizeBytes() != null) {
            kcql.append(" WITH_FLUSH_SIZE = ").append(flush.sizeBytes());
        }
        return kcql.toString();
    }
}
