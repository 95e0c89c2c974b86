package io.cdclake.cli.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.local.SinkBucket;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/**
 * How many times each change was written, counted from the records themselves: the JSON lines of the sink's
 * objects in S3, or the messages of the topic as a {@code read_committed} consumer sees them (what Debezium and
 * Connect produced, before the sink). Snapshot records ({@code __op = r}) are not changes of the run.
 */
public final class ChangeCounts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<Change, Integer> counts = new HashMap<>();
    private final Set<String> objectsRead = new HashSet<>();

    public synchronized int count(Change change) {
        return counts.getOrDefault(change, 0);
    }

    public synchronized Map<Change, Integer> snapshot() {
        return Map.copyOf(counts);
    }

    /** Reads the objects under the sink's prefix not read yet; returns how many it read. */
    public int readNewObjects(SinkBucket bucket, String prefix) {
        int read = 0;
        for (SinkBucket.Entry entry : bucket.list(prefix + "/")) {
            if (!entry.key().endsWith(".json") || alreadyRead(entry.key())) {
                continue;
            }
            String body = bucket.read(entry.key());
            synchronized (this) {
                if (objectsRead.add(entry.key())) {
                    body.lines().filter(l -> !l.isBlank()).forEach(this::addLine);
                    read++;
                }
            }
        }
        return read;
    }

    private synchronized boolean alreadyRead(String key) {
        return objectsRead.contains(key);
    }

    /** Every message of {@code topic}, read as a read_committed consumer sees them. */
    public static ChangeCounts ofTopic(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        ChangeCounts counts = new ChangeCounts();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end offsets are the last stable offsets, so this stops after the last committed
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofSeconds(1))) {
                    if (r.value() != null) {
                        synchronized (counts) {
                            counts.addLine(r.value());
                        }
                    }
                }
            }
        }
        return counts;
    }

    private void addLine(String line) {
        parse(line).ifPresent(change -> counts.merge(change, 1, Integer::sum));
    }

    /** The change a record is, or empty for a snapshot record. */
    static Optional<Change> parse(String json) {
        try {
            JsonNode record = JSON.readTree(json);
            JsonNode value = record.has("payload") && record.get("payload").isObject() ? record.get("payload") : record;
            String op = value.path("__op").asText();
            if (!op.equals("c") && !op.equals("u") && !op.equals("d")) {
                return Optional.empty();
            }
            return Optional.of(new Change(value.path("id").asLong(), value.path("version").asInt(), op));
        } catch (IOException e) {
            throw new UncheckedIOException("a record that is not JSON: " + json, e);
        }
    }
}
