package io.cdclake.local;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What Kafka UI would show of a broker: its topics with message counts, and the last messages of a topic. Not
 * thread-safe: one caller at a time.
 */
public final class TopicInspector implements AutoCloseable {

    /** Kafka Connect names a sink connector's consumer group after it. */
    private static final String SINK_GROUP_PREFIX = "connect-";

    private final String bootstrapServers;
    private final Admin admin;
    private final Map<String, Tally> tallies = new HashMap<>();

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

    /**
     * Records in {@code topic} as a read_committed consumer sees them; 0 when it does not exist yet. Not the span of
     * its offsets: an exactly-once source writes in transactions, whose commit markers take offsets too, and an
     * aborted transaction's records are no records of the topic. Counted by reading the topic, from where the last
     * call of this inspector stopped.
     */
    public long messages(String topic) throws ExecutionException, InterruptedException {
        Tally tally = tally(topic);
        return tally == null ? 0 : tally.count();
    }

    /**
     * Records of {@code topic} that sink connector {@code connector} has acknowledged: those below the offsets its
     * consumer group committed. A sink that commits only what it has written (the built-in sink and the Lenses
     * sink do) has then delivered these; reading them back would cost a request per object.
     */
    public long acknowledged(String topic, String connector) throws ExecutionException, InterruptedException {
        Tally tally = tally(topic);
        if (tally == null) {
            return 0;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                SINK_GROUP_PREFIX + connector).partitionsToOffsetAndMetadata().get();
        long acknowledged = 0;
        for (TopicPartition tp : tally.partitions()) {
            OffsetAndMetadata c = committed.get(tp);
            acknowledged += c == null ? 0 : tally.below(tp, c.offset());
        }
        return acknowledged;
    }

    /** The topic's tally, caught up to its last committed record; null when the topic does not exist yet. */
    private Tally tally(String topic) throws ExecutionException, InterruptedException {
        Tally tally = tallies.get(topic);
        if (tally == null) {
            List<TopicPartition> partitions = partitions(topic);
            if (partitions.isEmpty()) {
                return null;
            }
            tally = new Tally(bootstrapServers, partitions);
            tallies.put(topic, tally);
        }
        tally.catchUp();
        return tally;
    }

    /** The offsets of a topic's records, read as they come by one read_committed consumer. */
    private static final class Tally implements AutoCloseable {
        private static final Duration CATCH_UP = Duration.ofSeconds(30);

        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<TopicPartition> partitions;
        private final Map<TopicPartition, long[]> offsets = new HashMap<>();
        private final Map<TopicPartition, Integer> sizes = new HashMap<>();

        Tally(String bootstrapServers, List<TopicPartition> partitions) {
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
            p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
            this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            this.partitions = List.copyOf(partitions);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(tp -> {
                offsets.put(tp, new long[1024]);
                sizes.put(tp, 0);
            });
        }

        List<TopicPartition> partitions() {
            return partitions;
        }

        /** Reads up to the last stable offsets as they are now (the end a read_committed consumer sees). */
        void catchUp() {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + CATCH_UP.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    add(new TopicPartition(r.topic(), r.partition()), r.offset());
                }
            }
        }

        private void add(TopicPartition tp, long offset) {
            long[] a = offsets.get(tp);
            int n = sizes.get(tp);
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
                offsets.put(tp, a);
            }
            a[n] = offset;
            sizes.put(tp, n + 1);
        }

        long count() {
            return sizes.values().stream().mapToLong(Integer::longValue).sum();
        }

        /** Records of the partition below {@code offset}. */
        long below(TopicPartition tp, long offset) {
            int n = sizes.getOrDefault(tp, 0);
            int i = Arrays.binarySearch(offsets.getOrDefault(tp, new long[0]), 0, n, offset);
            return i >= 0 ? i : -i - 1;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
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
            for (TopicPartition tp : partitions) {
                consumer.seek(tp, Math.max(start.get(tp), end.get(tp) - n));
            }
            // until each partition's end, not until n records: transaction markers take offsets but are no records
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
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
        tallies.values().forEach(Tally::close);
        admin.close(Duration.ofSeconds(5));
    }
}
