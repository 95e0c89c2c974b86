package io.cdclake.core.model;

import java.util.List;

/**
 * The Debezium PostgreSQL source connector.
 *
 * @param connectorName the Connect / MSK Connect connector name
 * @param topicPrefix   Debezium {@code topic.prefix}: topics are {@code <prefix>.<schema>.<table>}
 * @param snapshotMode  Debezium {@code snapshot.mode}; Debezium's default ({@code initial}) when null
 * @param tuning        throughput settings, see {@link TuningSetting}; Debezium's and Kafka's defaults when unset
 * @param unwrap        the unwrap transform ({@code ExtractNewRecordState}); the article's settings when unset
 */
public record DebeziumSource(String connectorName, String topicPrefix, SnapshotMode snapshotMode, Tuning tuning,
                             Unwrap unwrap) {

    public DebeziumSource {
        tuning = tuning == null ? Tuning.DEFAULTS : tuning;
        unwrap = unwrap == null ? Unwrap.ARTICLE : unwrap;
    }

    /**
     * Debezium's unwrap transform, which turns change events into the row's new state.
     *
     * @param deleteHandling {@code delete.tombstone.handling.mode}: {@code rewrite-with-tombstone} (the article's
     *                       {@code drop.tombstones=false} with {@code delete.handling.mode=rewrite}: a delete is
     *                       the old row with {@code __deleted=true}, then a tombstone), {@code rewrite},
     *                       {@code tombstone}, {@code drop} or {@code delete-to-tombstone}
     * @param addFields      {@code add.fields}: source and change fields added as {@code __<name>}
     * @param addHeaders     {@code add.headers}: the same as Kafka headers; none when empty
     */
    public record Unwrap(String deleteHandling, List<String> addFields, List<String> addHeaders) {

        public static final List<String> DELETE_HANDLING_MODES =
                List.of("rewrite-with-tombstone", "rewrite", "tombstone", "drop", "delete-to-tombstone");
        public static final String ARTICLE_DELETE_HANDLING = "rewrite-with-tombstone";
        public static final List<String> ARTICLE_ADD_FIELDS = List.of("op", "db", "table", "schema", "lsn", "source.ts_ms");
        public static final Unwrap ARTICLE = new Unwrap(null, null, null);

        public Unwrap {
            deleteHandling = deleteHandling == null ? ARTICLE_DELETE_HANDLING : deleteHandling;
            addFields = addFields == null ? ARTICLE_ADD_FIELDS : Immutables.list(addFields);
            addHeaders = Immutables.list(addHeaders);
        }

        /** Whether a delete leaves a record with the old row and {@code __deleted: "true"}. */
        public boolean rewritesDeletes() {
            return deleteHandling.startsWith("rewrite");
        }

        /** The record field {@code add.fields} entry {@code field} becomes: {@code source.ts_ms} is {@code __source_ts_ms}. */
        public static String recordField(String field) {
            return "__" + field.replace('.', '_');
        }
    }

    /** The snapshot modes Debezium 2.7's PostgreSQL connector accepts that make sense for a pipeline. */
    public enum SnapshotMode {
        INITIAL, INITIAL_ONLY, NO_DATA, WHEN_NEEDED, ALWAYS;

        /** The value Debezium reads. */
        public String property() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Throughput settings, each declared with its property, default and meaning in {@link TuningSetting}.
     *
     * @param converterSchemas whether the topic's JSON carries its schema ({@code schemas.enable}); the sink
     *                         reads with the same setting. Null: JsonConverter's default (true), as the article.
     */
    public record Tuning(Integer maxBatchSize, Integer maxQueueSize, Integer pollIntervalMs, Boolean converterSchemas,
                         Producer producer) {

        public static final Tuning DEFAULTS = new Tuning(null, null, null, null, null);

        public Tuning {
            producer = producer == null ? Producer.DEFAULTS : producer;
        }

        /** The JSON schemas setting in effect: the article's (JsonConverter's default) unless set. */
        public boolean effectiveConverterSchemas() {
            return converterSchemas == null || converterSchemas;
        }

        /** These settings with each one {@code overrides} sets replaced by its value; these when it is null. */
        public Tuning overriddenBy(Tuning overrides) {
            if (overrides == null) {
                return this;
            }
            Producer p = overrides.producer();
            return new Tuning(or(overrides.maxBatchSize, maxBatchSize), or(overrides.maxQueueSize, maxQueueSize),
                    or(overrides.pollIntervalMs, pollIntervalMs), or(overrides.converterSchemas, converterSchemas),
                    new Producer(or(p.lingerMs(), producer.lingerMs()), or(p.batchSize(), producer.batchSize()),
                            or(p.compressionType(), producer.compressionType())));
        }

        private static <T> T or(T override, T value) {
            return override != null ? override : value;
        }

        /** Kafka producer overrides for the source connector, rendered as {@code producer.override.*}. */
        public record Producer(Integer lingerMs, Integer batchSize, Compression compressionType) {
            public static final Producer DEFAULTS = new Producer(null, null, null);
        }

        /** Kafka's {@code compression.type} values. */
        public enum Compression {
            NONE, GZIP, SNAPPY, LZ4, ZSTD;

            public String property() {
                return name().toLowerCase(java.util.Locale.ROOT);
            }
        }

        public static Builder builder() {
            return new Builder();
        }

        public Builder toBuilder() {
            return new Builder().maxBatchSize(maxBatchSize).maxQueueSize(maxQueueSize).pollIntervalMs(pollIntervalMs)
                    .converterSchemas(converterSchemas).lingerMs(producer.lingerMs()).batchSize(producer.batchSize())
                    .compressionType(producer.compressionType());
        }

        public static final class Builder {
            private Integer maxBatchSize;
            private Integer maxQueueSize;
            private Integer pollIntervalMs;
            private Boolean converterSchemas;
            private Integer lingerMs;
            private Integer batchSize;
            private Compression compressionType;

            public Builder maxBatchSize(Integer maxBatchSize) {
                this.maxBatchSize = maxBatchSize;
                return this;
            }

            public Builder maxQueueSize(Integer maxQueueSize) {
                this.maxQueueSize = maxQueueSize;
                return this;
            }

            public Builder pollIntervalMs(Integer pollIntervalMs) {
                this.pollIntervalMs = pollIntervalMs;
                return this;
            }

            public Builder converterSchemas(Boolean converterSchemas) {
                this.converterSchemas = converterSchemas;
                return this;
            }

            public Builder lingerMs(Integer lingerMs) {
                this.lingerMs = lingerMs;
                return this;
            }

            public Builder batchSize(Integer batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            public Builder compressionType(Compression compressionType) {
                this.compressionType = compressionType;
                return this;
            }

            public Tuning build() {
                return new Tuning(maxBatchSize, maxQueueSize, pollIntervalMs, converterSchemas,
                        new Producer(lingerMs, batchSize, compressionType));
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().connectorName(connectorName).topicPrefix(topicPrefix).snapshotMode(snapshotMode).tuning(tuning)
                .unwrap(unwrap);
    }

    public static final class Builder {
        private String connectorName;
        private String topicPrefix;
        private SnapshotMode snapshotMode;
        private Tuning tuning;
        private Unwrap unwrap;

        public Builder connectorName(String connectorName) {
            this.connectorName = connectorName;
            return this;
        }

        public Builder topicPrefix(String topicPrefix) {
            this.topicPrefix = topicPrefix;
            return this;
        }

        public Builder snapshotMode(SnapshotMode snapshotMode) {
            this.snapshotMode = snapshotMode;
            return this;
        }

        public Builder tuning(Tuning tuning) {
            this.tuning = tuning;
            return this;
        }

        public Builder unwrap(Unwrap unwrap) {
            this.unwrap = unwrap;
            return this;
        }

        public DebeziumSource build() {
            return new DebeziumSource(connectorName, topicPrefix, snapshotMode, tuning, unwrap);
        }
    }
}
