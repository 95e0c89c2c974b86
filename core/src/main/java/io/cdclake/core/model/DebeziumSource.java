package io.cdclake.core.model;

/**
 * The Debezium PostgreSQL source connector.
 *
 * @param connectorName the Connect / MSK Connect connector name
 * @param topicPrefix   Debezium {@code topic.prefix}: topics are {@code <prefix>.<schema>.<table>}
 * @param snapshotMode  Debezium {@code snapshot.mode}; Debezium's default ({@code initial}) when null
 * @param tuning        throughput settings, see {@link TuningSetting}; Debezium's and Kafka's defaults when unset
 */
public record DebeziumSource(String connectorName, String topicPrefix, SnapshotMode snapshotMode, Tuning tuning) {

    public DebeziumSource {
        tuning = tuning == null ? Tuning.DEFAULTS : tuning;
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
        return new Builder().connectorName(connectorName).topicPrefix(topicPrefix).snapshotMode(snapshotMode).tuning(tuning);
    }

    public static final class Builder {
        private String connectorName;
        private String topicPrefix;
        private SnapshotMode snapshotMode;
        private Tuning tuning;

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

        public DebeziumSource build() {
            return new DebeziumSource(connectorName, topicPrefix, snapshotMode, tuning);
        }
    }
}
