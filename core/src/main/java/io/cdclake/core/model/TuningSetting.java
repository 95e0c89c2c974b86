package io.cdclake.core.model;

import io.cdclake.core.model.DebeziumSource.Tuning;

import java.util.List;
import java.util.function.Function;

/**
 * The source connector's throughput settings, each declared once: its key under {@code debezium.tuning}, the
 * connector properties it renders to, the default in effect when unset, the smallest value allowed and what it
 * does. The renderer, the validator and the documentation all read this table.
 */
public enum TuningSetting {

    MAX_BATCH_SIZE("maxBatchSize", List.of("max.batch.size"), "2048", 1, Tuning::maxBatchSize,
            "Changes Debezium hands to Connect per poll. Larger batches amortise per-poll overhead."),
    MAX_QUEUE_SIZE("maxQueueSize", List.of("max.queue.size"), "8192", 1, Tuning::maxQueueSize,
            "Changes buffered between the WAL reader and Connect; must exceed maxBatchSize."),
    POLL_INTERVAL_MS("pollIntervalMs", List.of("poll.interval.ms"), "500", 1, Tuning::pollIntervalMs,
            "How long Connect's poll waits for new changes when the queue is empty; bounds idle latency."),
    CONVERTER_SCHEMAS("converterSchemas", List.of("key.converter.schemas.enable", "value.converter.schemas.enable"),
            "true", null, Tuning::converterSchemas,
            "Whether each JSON message carries its schema. false makes messages several times smaller; the sink"
                    + " reads with the same setting."),
    PRODUCER_LINGER_MS("producer.lingerMs", List.of("producer.override.linger.ms"), "0", 0,
            t -> t.producer().lingerMs(),
            "How long the producer waits to fill a batch; a few ms trade latency for throughput."),
    PRODUCER_BATCH_SIZE("producer.batchSize", List.of("producer.override.batch.size"), "16384", 1,
            t -> t.producer().batchSize(),
            "Upper bound in bytes of one producer batch per partition."),
    PRODUCER_COMPRESSION_TYPE("producer.compressionType", List.of("producer.override.compression.type"), "none", null,
            t -> t.producer().compressionType() == null ? null : t.producer().compressionType().property(),
            "Compression of producer batches: none, gzip, snappy, lz4 or zstd.");

    private final String key;
    private final List<String> properties;
    private final String defaultValue;
    private final Integer min;
    private final Function<Tuning, Object> value;
    private final String doc;

    TuningSetting(String key, List<String> properties, String defaultValue, Integer min, Function<Tuning, Object> value,
                  String doc) {
        this.key = key;
        this.properties = properties;
        this.defaultValue = defaultValue;
        this.min = min;
        this.value = value;
        this.doc = doc;
    }

    /** The key under {@code debezium.tuning} in a pipeline file, e.g. {@code producer.lingerMs}. */
    public String key() {
        return key;
    }

    /** The connector properties this setting renders to. */
    public List<String> properties() {
        return properties;
    }

    /** The value in effect when the setting is unset (Debezium's or Kafka's default). */
    public String defaultValue() {
        return defaultValue;
    }

    /** The smallest value allowed, for numeric settings; null otherwise. */
    public Integer min() {
        return min;
    }

    public String doc() {
        return doc;
    }

    /** The value set in {@code tuning}, as the connector property takes it; null when unset. */
    public String value(Tuning tuning) {
        Object v = value.apply(tuning);
        return v == null ? null : v.toString();
    }
}
