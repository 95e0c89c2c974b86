package io.cdclake.s3sink;

import io.cdclake.embedded.S3Server;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The task over several partitions: when each Lenses line writes files whose interval has ended. */
class S3SinkTaskTest {

    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);

    @TempDir
    static Path data;
    static S3Server server;
    static int buckets;
    final AtomicLong clock = new AtomicLong(1_000_000);
    /** This test's own bucket on the shared server. */
    String bucket;
    S3SinkTask task;

    @BeforeAll
    static void startS3() throws Exception {
        server = S3Server.builder().dataDirectory(data).accessKey(S3Bucket.ACCESS_KEY).secretKey(S3Bucket.SECRET_KEY)
                .region(S3Bucket.REGION).start();
    }

    @AfterAll
    static void stopS3() {
        server.close();
    }

    @BeforeEach
    void createBucket() {
        bucket = "task-test-" + ++buckets;
        S3Bucket.create(server.endpoint().toString(), bucket).close();
    }

    @AfterEach
    void stopTask() {
        if (task != null) {
            task.stop();
        }
    }

    /** Lenses 3.0's put() without records: commitAllWritersIfFlushRequired writes every writer of the task. */
    @Test
    void lenses3WritesEveryPartitionsFilesWhenAnyOneIsDue() {
        start("lenses-3", "WITH_FLUSH_COUNT = 100 WITH_FLUSH_INTERVAL = 10");
        task.put(List.of(record(P0, 0)));
        clock.addAndGet(5_000);
        task.put(List.of(record(P1, 0)));
        clock.addAndGet(5_000);

        task.put(List.of(record(P1, 1)));
        assertThat(keys()).as("with records, only the files those records went to are checked").isEmpty();
        task.put(List.of());
        assertThat(keys()).as("partition 1's file goes with partition 0's, 5 s before its own interval ends")
                .containsExactly("p/dir=a/orders(0_0).json", "p/dir=a/orders(1_1).json");
    }

    @Test
    void lenses9WritesAPartitionsFilesWhenOneOfThemIsDue() {
        start("lenses-9", "PROPERTIES('flush.count'=100, 'flush.interval'=10)");
        task.put(List.of(record(P0, 0)));
        clock.addAndGet(5_000);
        task.put(List.of(record(P1, 0)));
        clock.addAndGet(5_000);

        task.put(List.of());
        assertThat(keys()).containsExactly("p/dir=a/orders(0_000000000000).json");
        clock.addAndGet(5_000);
        task.put(List.of());
        assertThat(keys()).containsExactly("p/dir=a/orders(0_000000000000).json",
                "p/dir=a/orders(1_000000000000).json");
    }

    private void start(String line, String flush) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "task-test");
        props.put("topics", "orders");
        props.put(S3SinkConfig.KCQL, "INSERT INTO " + bucket + ":p SELECT * FROM orders PARTITIONBY dir " + flush);
        props.put(S3SinkConfig.COMPATIBILITY, line);
        props.put(S3SinkConfig.REGION, S3Bucket.REGION);
        props.put(S3SinkConfig.AUTH_MODE, "Credentials");
        props.put(S3SinkConfig.ACCESS_KEY, S3Bucket.ACCESS_KEY);
        props.put(S3SinkConfig.SECRET_KEY, S3Bucket.SECRET_KEY);
        props.put(S3SinkConfig.CUSTOM_ENDPOINT, server.endpoint().toString());
        props.put(S3SinkConfig.VHOST_BUCKET, "true"); // path style, as Lenses reads the flag
        task = new S3SinkTask(clock::get);
        task.initialize(new Context());
        task.start(props);
        task.open(List.of(P0, P1));
    }

    private static SinkRecord record(TopicPartition tp, long offset) {
        Map<String, Object> value = Map.of("id", offset, "dir", "a");
        return new SinkRecord(tp.topic(), tp.partition(), null, null, null, value, offset);
    }

    private List<String> keys() {
        try (S3Bucket b = S3Bucket.open(server.endpoint().toString(), bucket)) {
            return b.keys("p/");
        }
    }

    /** What the task asks of Connect, which this test does not need to act on. */
    private static final class Context implements SinkTaskContext {
        @Override
        public Map<String, String> configs() {
            return Map.of();
        }

        @Override
        public void offset(Map<TopicPartition, Long> offsets) {
        }

        @Override
        public void offset(TopicPartition tp, long offset) {
        }

        @Override
        public void timeout(long timeoutMs) {
        }

        @Override
        public Set<TopicPartition> assignment() {
            return Set.of(P0, P1);
        }

        @Override
        public void pause(TopicPartition... partitions) {
        }

        @Override
        public void resume(TopicPartition... partitions) {
        }

        @Override
        public void requestCommit() {
        }
    }
}
