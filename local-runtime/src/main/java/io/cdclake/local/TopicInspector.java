package io.cdclake.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/** What Kafka UI would show of a broker: its topics with message counts, and the last messages of a topic. */
public final class TopicInspector implements AutoCloseable {

    /** Kafka Connect names a sink connector's consumer group after it. */
    private static final String SINK_GROUP_PREFIX = "connect-";

    private final String bootstrapServers;
    private final Admin admin;

    public TopicInspector(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "cdclake-inspector");
        this.admin = Admin.create(p);
    }

    /** Topic name → messages in it (end minus start offsets over its partitions), internal topics left out. */
    public SortedMap<String, Long> topics() throws ExecutionException, InterruptedException {
        List<String> names = admin.listTopics().names().get().stream().sorted().toList();
        SortedMap<String, Long> counts = new TreeMap<>();
        for (String name : names) {
            counts.put(name, messages(name));
        }
        return counts;
    }

    /** Messages in {@code topic}; 0 when it does not exist yet. */
    public long messages(String topic) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(tp -> end.get(tp) - start.get(tp)).sum();
    }

    /**
     * Messages of {@code topic} that sink connector {@code connector} has acknowledged: the offsets its consumer
     * group committed, over the topic's partitions. A sink that commits only what it has written (the built-in
     * sink and the Lenses sink do) has then delivered these; reading them back would cost a request per object.
     */
    public long acknowledged(String topic, String connector) throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                SINK_GROUP_PREFIX + connector).partitionsToOffsetAndMetadata().get();
        long acknowledged = 0;
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            acknowledged += c == null ? 0 : Math.max(0, c.offset() - start.get(tp));
        }
        return acknowledged;
    }

    /** The last {@code n} messages of {@code topic} across its partitions, oldest first, as key and value text. */
    public List<ConsumerRecord<String, String>> tail(String topic, int n, Duration timeout)
            throws ExecutionException, InterruptedException {
        List<TopicPartition> partitions = partitions(topic);
        if (partitions.isEmpty()) {
            throw new IllegalArgumentException("no topic '" + topic + "'; list them with './cdclake topics'");
        }
        Map<TopicPartition, Long> end = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> start = offsets(partitions, OffsetSpec.earliest());
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(partitions);
            long wanted = 0;
            for (TopicPartition tp : partitions) {
                long from = Math.max(start.get(tp), end.get(tp) - n);
                consumer.seek(tp, from);
                wanted += end.get(tp) - from;
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (records.size() < wanted && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
        return records.subList(Math.max(0, records.size() - n), records.size());
    }

    private List<TopicPartition> partitions(String topic) throws ExecutionException, InterruptedException {
        if (!admin.listTopics().names().get().contains(topic)) {
            return List.of();
        }
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = partitions.stream()
                .collect(Collectors.toMap(Function.identity(), tp -> spec));
        return admin.listOffsets(request).all().get().entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
