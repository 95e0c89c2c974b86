package io.cdclake.s3sink.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectWorker;
import io.cdclake.s3sink.S3Bucket;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Exactly once into S3 when things go wrong: a worker killed in the middle of a stream, and S3 going away for a
 * while. Every record must end up in S3 once, none missing, none repeated.
 */
class DeliveryIT {

    static final String CONNECTOR_CLASS = "io.cdclake.s3sink.S3SinkConnector";
    static final ObjectMapper JSON = new ObjectMapper();
    /** Workers notice a dead member within seconds rather than Connect's default 10 s (45 s for consumers). */
    static final Map<String, String> FAST_FAILOVER = Map.of("session.timeout.ms", "6000", "heartbeat.interval.ms", "2000");

    @TempDir
    static Path directory;
    static Path pluginPath;
    static SinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        pluginPath = PluginDirectory.unpackBuiltZip(directory.resolve("plugins"));
        cluster = SinkCluster.start(directory, pluginPath, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void aWorkerKilledMidStreamNeitherLosesNorRepeatsARecord() throws Exception {
        int total = 12_000;
        cluster.createTopic("hard-stop", 3);
        S3Bucket bucket = cluster.createBucket("hard-stop");
        Map<String, String> config = cluster.sinkConfig(CONNECTOR_CLASS, "hard-stop",
                "INSERT INTO hard-stop:events SELECT * FROM hard-stop PARTITIONBY region"
                        + " PROPERTIES('flush.count'=25, 'flush.interval'=2)");
        config.put("consumer.override.session.timeout.ms", "6000");
        config.put("consumer.override.heartbeat.interval.ms", "2000");
        config.put("consumer.override.max.poll.records", "200");

        AtomicInteger sent = new AtomicInteger();
        ScheduledExecutorService producer = Executors.newSingleThreadScheduledExecutor();
        try (WorkerProcess first = WorkerProcess.start(cluster.bootstrapServers(), "hard-stop-workers", pluginPath,
                FAST_FAILOVER, directory.resolve("first-worker.log"))) {
            ConnectRestClient rest = new ConnectRestClient(URI.create(first.restUrl()));
            rest.putConfig("hard-stop", config);
            rest.awaitRunning("hard-stop", SinkCluster.timeout());
            // about 1,000 records a second, so the kill lands while records still flow
            producer.scheduleAtFixedRate(() -> {
                for (int i = 0; i < 100 && sent.get() < total; i++) {
                    int id = sent.getAndIncrement();
                    cluster.sendAsync("hard-stop", id % 3, null, "{\"id\":" + id + ",\"region\":\"r" + id % 7
                            + "\",\"pad\":\"" + "p".repeat(60) + "\"}");
                }
            }, 0, 100, TimeUnit.MILLISECONDS);

            await().atMost(SinkCluster.timeout()).until(() -> bucket.keys("events/").size() >= 30);
            first.kill();
        }
        int sentAtKill = sent.get();
        assertThat(sentAtKill).as("the worker died before the stream ended").isLessThan(total);
        // The sink asks for a commit after every write, so a kill seldom lands between the two. Rewinding the
        // group to the start makes it certain: S3 holds every written record and Kafka was told of none.
        Map<TopicPartition, Long> start = IntStream.range(0, 3).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition("hard-stop", p), p -> 0L));
        cluster.rewindOffsets("hard-stop", start);
        assertThat(cluster.committedOffsets("hard-stop")).isEqualTo(start);
        assertThat(ids(bucket, "events/")).as("records in S3 Kafka was never told are written").isNotEmpty();

        await().atMost(SinkCluster.timeout()).until(() -> sent.get() >= total);
        producer.shutdown();
        cluster.flush();
        ConnectWorker.Builder second = ConnectWorker.builder().bootstrapServers(cluster.bootstrapServers())
                .groupId("hard-stop-workers").pluginPath(List.of(pluginPath));
        FAST_FAILOVER.forEach(second::workerProperty);
        try (ConnectWorker worker = second.start()) {
            ConnectRestClient rest = new ConnectRestClient(worker.restUrl());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> ids(bucket, "events/").size() >= total);
            List<Integer> ids = ids(bucket, "events/");
            assertThat(ids).hasSize(total).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(IntStream.range(0, total).boxed().collect(Collectors.toList()));
            bucket.objects("events/").forEach((key, lines) -> assertThat(lines)
                    .allMatch(l -> key.startsWith("events/region=" + tree(l).get("region").asText() + "/")));
            assertThat(rest.status("hard-stop").orElseThrow().running()).isTrue();
            rest.delete("hard-stop");
        }
    }

    @Test
    void anS3OutageOfSeveralSecondsIsRiddenOut() throws Exception {
        cluster.createTopic("outage", 1);
        S3Bucket bucket = cluster.createBucket("outage");
        Map<String, String> config = cluster.sinkConfig(CONNECTOR_CLASS, "outage",
                "INSERT INTO outage SELECT * FROM outage NOPARTITION"
                        + " PROPERTIES('flush.count'=20, 'flush.interval'=1)");
        config.put("connect.s3.retries", "10");
        config.put("connect.s3.retry.backoff.ms", "200");
        config.put("connect.s3.retry.backoff.max.ms", "2000");
        cluster.rest().putConfig("outage", config);
        cluster.rest().awaitRunning("outage", SinkCluster.timeout());
        send("outage", 0, 200);
        await().atMost(SinkCluster.timeout()).until(() -> ids(bucket, "").size() == 200);

        int port = cluster.stopS3();
        send("outage", 200, 400);
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(8))
                .until(() -> cluster.rest().status("outage").orElseThrow().running());
        cluster.restartS3(port);

        // the test's own S3 client may meet a connection the restart cut: ask again
        await().atMost(SinkCluster.timeout()).ignoreExceptions().until(() -> ids(bucket, "").size() >= 400);
        assertThat(ids(bucket, "")).containsExactlyInAnyOrderElementsOf(range(400));
        assertThat(cluster.rest().status("outage").orElseThrow().running()).isTrue();
        cluster.rest().delete("outage");
    }

    @Test
    void anOutageBeyondTheRetriesFailsTheTaskAndARestartCatchesUp() throws Exception {
        cluster.createTopic("long-outage", 1);
        S3Bucket bucket = cluster.createBucket("long-outage");
        Map<String, String> config = cluster.sinkConfig(CONNECTOR_CLASS, "long-outage",
                "INSERT INTO long-outage SELECT * FROM long-outage NOPARTITION"
                        + " PROPERTIES('flush.count'=20, 'flush.interval'=1)");
        config.put("connect.s3.retries", "2");
        config.put("connect.s3.retry.backoff.ms", "100");
        cluster.rest().putConfig("long-outage", config);
        cluster.rest().awaitRunning("long-outage", SinkCluster.timeout());
        send("long-outage", 0, 100);
        await().atMost(SinkCluster.timeout()).until(() -> ids(bucket, "").size() == 100);

        int port = cluster.stopS3();
        send("long-outage", 100, 200);
        await().atMost(SinkCluster.timeout()).until(() ->
                cluster.rest().status("long-outage").orElseThrow().failure().isPresent());
        assertThat(cluster.rest().status("long-outage").orElseThrow().failure().orElseThrow())
                .contains("failed 3 times").contains("restart the task once S3 answers");
        assertThat(cluster.committedOffsets("long-outage"))
                .as("nothing unwritten is acknowledged").containsEntry(new TopicPartition("long-outage", 0), 100L);

        cluster.restartS3(port);
        cluster.rest().restart("long-outage");
        await().atMost(SinkCluster.timeout()).ignoreExceptions().until(() -> ids(bucket, "").size() >= 200);
        assertThat(ids(bucket, "")).containsExactlyInAnyOrderElementsOf(range(200));
        cluster.rest().delete("long-outage");
    }

    private static void send(String topic, int from, int to) {
        for (int id = from; id < to; id++) {
            cluster.sendAsync(topic, 0, null, "{\"id\":" + id + "}");
        }
        cluster.flush();
    }

    /** The ids of every record in the data objects under {@code prefix}, repeats included. */
    private static List<Integer> ids(S3Bucket bucket, String prefix) {
        List<Integer> ids = new ArrayList<>();
        bucket.objects(prefix).values().forEach(lines -> lines.forEach(l -> ids.add(tree(l).get("id").asInt())));
        return ids;
    }

    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().collect(Collectors.toList());
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
