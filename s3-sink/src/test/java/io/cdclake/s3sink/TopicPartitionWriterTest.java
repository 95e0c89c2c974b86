package io.cdclake.s3sink;

import io.cdclake.embedded.S3Server;
import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlParser;
import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.write.RecordView;
import io.cdclake.s3sink.write.S3Storage;
import io.cdclake.s3sink.write.S3Unavailable;
import io.cdclake.s3sink.write.TopicPartitionWriter;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The write-ahead index protocol of one topic-partition against a real S3 server: flush policy, and exactly once
 * across restarts that cut the stream at other places than the previous session did.
 */
class TopicPartitionWriterTest {

    static final String TOPIC = "orders";
    static final TopicPartition TP = new TopicPartition(TOPIC, 0);

    @TempDir
    static Path data;
    static S3Server server;
    static int buckets;
    final AtomicLong clock = new AtomicLong(1_000_000);
    final RecordView.Codec codec = new RecordView.Codec();
    final List<S3Storage> storages = new ArrayList<>();
    /** This test's own buckets on the shared server. */
    String bucketA;
    String bucketB;

    @BeforeAll
    static void startS3() throws Exception {
        server = startServer(0);
    }

    @AfterAll
    static void stopS3() {
        server.close();
    }

    @BeforeEach
    void createBucket() {
        buckets++;
        bucketA = "bucket-a" + buckets;
        bucketB = "bucket-b" + buckets;
        S3Bucket.create(endpoint(), bucketA).close();
    }

    @AfterEach
    void closeClients() {
        storages.forEach(S3Storage::close);
    }

    @Test
    void aFileIsWrittenAtTheFlushCountAndALoneLastRecordAfterTheInterval() {
        TopicPartitionWriter writer = open("PARTITIONBY dir WITH_FLUSH_COUNT = 3 WITH_FLUSH_INTERVAL = 10");

        for (int i = 0; i < 7; i++) {
            writer.write(view(i, "a"));
            writer.flush();
        }

        assertThat(keys()).containsExactly("p/dir=a/orders(0_2).json", "p/dir=a/orders(0_5).json");
        assertThat(writer.safeOffset()).hasValue(6);
        clock.addAndGet(9_999);
        writer.sealExpired();
        assertThat(writer.flush().objects()).isZero();
        clock.addAndGet(1);
        writer.sealExpired();
        assertThat(writer.flush().objects()).isOne();
        assertThat(keys()).contains("p/dir=a/orders(0_6).json");
        assertThat(bucket().read("p/dir=a/orders(0_6).json")).isEqualTo("{\"id\":6,\"dir\":\"a\"}\n");
        assertThat(writer.safeOffset()).hasValue(7);
    }

    @Test
    void aTaskThatLostItsPartitionWritesNothingMoreForIt() {
        TopicPartitionWriter zombie = open("PARTITIONBY dir WITH_FLUSH_COUNT = 2");
        zombie.write(view(0, "a"));
        zombie.write(view(1, "a"));
        zombie.flush();
        zombie.write(view(2, "b"));
        zombie.write(view(3, "b"));

        // a rebalance the first task missed: a second one opens the partition (resuming where the index says)
        TopicPartitionWriter owner = open("PARTITIONBY dir WITH_FLUSH_COUNT = 2");
        assertThat(owner.resumeOffset()).hasValue(0);

        assertThatThrownBy(zombie::flush).isInstanceOf(org.apache.kafka.connect.errors.ConnectException.class)
                .hasMessageContaining("orders-0: s3://" + bucketA + "/.indexes/writer-test/orders/0.json changed"
                        + " since this task last read or wrote it: another task has taken this partition over");
        assertThat(keys()).as("the zombie's file never lands").containsExactly("p/dir=a/orders(0_1).json");

        for (int i = 0; i < 4; i++) {
            owner.write(view(i, i < 2 ? "a" : "b"));
        }
        owner.flush();
        assertThat(keys()).containsExactly("p/dir=a/orders(0_1).json", "p/dir=b/orders(0_3).json");
        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(4));
    }

    @Test
    void theFirstIndexIsWrittenOnlyIfNoOtherTaskWroteOne() {
        TopicPartitionWriter first = open("NOPARTITION WITH_FLUSH_COUNT = 1");
        TopicPartitionWriter second = open("NOPARTITION WITH_FLUSH_COUNT = 1");
        second.write(view(0, "a"));
        second.flush();

        first.write(view(0, "a"));
        assertThatThrownBy(first::flush).hasMessageContaining("another task has taken this partition over");
        assertThat(keys()).containsExactly("p/orders/0/0.json");
    }

    @Test
    void aFileIsWrittenAtTheFlushSize() {
        // each line is {"id":N,"dir":"a"} + '\n' = 19 bytes for N < 10: the third reaches 50 bytes
        TopicPartitionWriter writer = open("PARTITIONBY dir WITH_FLUSH_SIZE = 50");

        for (int i = 0; i < 4; i++) {
            writer.write(view(i, "a"));
        }
        writer.flush();

        assertThat(keys()).containsExactly("p/dir=a/orders(0_2).json");
        assertThat(bucket().read("p/dir=a/orders(0_2).json").lines()).hasSize(3);
    }

    /** Lenses 3.0's S3WriterManager.commitWriters: every writer of the partition when the one written is due. */
    @Test
    void lenses3WritesEveryOpenFileOfThePartitionWhenOneIsDue() {
        TopicPartitionWriter writer = open("PARTITIONBY dir WITH_FLUSH_COUNT = 3");

        for (int i = 0; i < 7; i++) {
            writer.write(view(i, i % 2 == 0 ? "a" : "b"));
            writer.flush();
        }

        assertThat(keys()).containsExactly("p/dir=a/orders(0_4).json", "p/dir=b/orders(0_3).json");
        assertThat(writer.safeOffset()).hasValue(5);
    }

    /** Lenses 3.0 keeps a directory's writer until the partition closes: its next interval runs from its last file. */
    @Test
    void lenses3CountsAnIntervalFromTheDirectorysPreviousFileWhateverOpensMeanwhile() {
        TopicPartitionWriter writer = open("PARTITIONBY dir WITH_FLUSH_COUNT = 2 WITH_FLUSH_INTERVAL = 10");
        writer.write(view(0, "a"));
        writer.write(view(1, "a"));
        writer.flush();

        clock.addAndGet(10_000);
        writer.write(view(2, "b")); // Lenses 9 would drop a's idle writer here
        writer.flush();
        assertThat(keys()).containsExactly("p/dir=a/orders(0_1).json");
        writer.write(view(3, "a"));
        writer.flush();

        assertThat(keys()).as("a's interval ran from its previous file: a and b written at once").containsExactly(
                "p/dir=a/orders(0_1).json", "p/dir=a/orders(0_3).json", "p/dir=b/orders(0_2).json");
    }

    @Test
    void lenses9WritesEveryOpenFileOfThePartitionWhenOneIsDue() {
        TopicPartitionWriter writer = open(current("PARTITIONBY dir PROPERTIES('flush.count'=3)"));

        for (int i = 0; i < 7; i++) {
            writer.write(view(i, i % 2 == 0 ? "a" : "b"));
            writer.flush();
        }

        // offset 4 fills a's file: b's goes with it, holding what it has
        assertThat(keys()).containsExactly("p/dir=a/orders(0_000000000004).json",
                "p/dir=b/orders(0_000000000003).json");
        assertThat(bucket().read("p/dir=b/orders(0_000000000003).json").lines()).hasSize(2);
        assertThat(writer.safeOffset()).hasValue(5);
    }

    @Test
    void lenses9CountsAnIntervalFromTheDirectorysPreviousFileWhileLensesKeepsItsWriter() {
        TopicPartitionWriter writer = open(current("PARTITIONBY dir PROPERTIES('flush.count'=2,"
                + " 'flush.interval'=10)"));
        writer.write(view(0, "a"));
        writer.write(view(1, "a"));
        writer.flush();

        clock.addAndGet(10_000);
        writer.write(view(2, "a"));
        writer.flush();
        assertThat(keys()).as("its interval ran from the previous file: written at once")
                .containsExactly("p/dir=a/orders(0_000000000001).json", "p/dir=a/orders(0_000000000002).json");

        clock.addAndGet(10_000);
        writer.write(view(3, "b")); // a directory without a writer: Lenses drops the idle ones, a's too
        writer.write(view(4, "a"));
        writer.flush();
        assertThat(keys()).as("a's interval now runs from its record").hasSize(2);
        clock.addAndGet(9_999);
        writer.sealExpired();
        assertThat(writer.flush().objects()).isZero();
        clock.addAndGet(1);
        writer.sealExpired();
        assertThat(writer.flush().objects()).isEqualTo(2);
        assertThat(keys()).contains("p/dir=a/orders(0_000000000004).json", "p/dir=b/orders(0_000000000003).json");
    }

    @ParameterizedTest
    @EnumSource(Compatibility.class)
    void aRestartThatCutsTheStreamElsewhereNeitherRepeatsNorSkips(Compatibility compatibility) {
        String flush = compatibility == Compatibility.LENSES_3 ? "WITH_FLUSH_COUNT = 4 WITH_FLUSH_INTERVAL = 5"
                : "PROPERTIES('flush.count'=4, 'flush.interval'=5)";
        List<KcqlStatement> clauses = KcqlParser.parse("INSERT INTO " + bucketA + ":p SELECT * FROM orders"
                + " PARTITIONBY dir " + flush, compatibility);
        TopicPartitionWriter first = open(clauses);
        for (int from = 0; from < 41; from += 7) {
            for (int i = from; i < Math.min(from + 7, 41); i++) {
                first.write(view(i, "d" + i % 3));
            }
            clock.addAndGet(1_000);
            first.sealExpired();
            first.flush();
        }
        long committed = first.safeOffset().orElseThrow();
        List<Integer> writtenBeforeCrash = ids();
        // the first session is dropped without a word, as in a crash

        TopicPartitionWriter second = open(clauses);
        long resume = second.resumeOffset().orElseThrow();
        assertThat(resume).isLessThanOrEqualTo(committed);
        assertThat(writtenBeforeCrash).as("records beyond the resume offset are in S3 already")
                .anyMatch(id -> id >= resume);
        for (long from = resume; from < 60; from += 5) {
            for (long i = from; i < Math.min(from + 5, 60); i++) {
                second.write(view((int) i, "d" + i % 3));
            }
            clock.addAndGet(700);
            second.sealExpired();
            second.flush();
        }
        clock.addAndGet(5_000);
        second.sealExpired();
        second.flush();

        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(60));
        assertThat(second.safeOffset()).hasValue(60);
        bucket().objects("p/").forEach((key, lines) -> {
            String dir = key.substring("p/dir=".length(), key.indexOf('/', 2));
            assertThat(lines).allMatch(line -> line.endsWith("\"dir\":\"" + dir + "\"}"));
        });
    }

    @Test
    void aFlushInterruptedBetweenItsObjectsIsSettledOnRestart() {
        // the index lives in bucket-a; bucket-b does not exist yet, so the flush stops after bucket-a's object
        String kcql = "INSERT INTO " + bucketA + ":p SELECT * FROM orders NOPARTITION WITH_FLUSH_COUNT = 5;"
                + " INSERT INTO " + bucketB + ":q SELECT * FROM orders NOPARTITION WITH_FLUSH_COUNT = 5";
        TopicPartitionWriter first = open(article(kcql));
        for (int i = 0; i < 5; i++) {
            first.write(view(i, "a"));
        }
        assertThatThrownBy(first::flush).isInstanceOf(S3Unavailable.class)
                .hasMessageContaining("PUT s3://" + bucketB + "/q/orders/0/4.json was refused");
        assertThat(keys()).containsExactly("p/orders/0/4.json");
        S3Bucket.create(endpoint(), bucketB).close();

        TopicPartitionWriter second = open(article(kcql));
        assertThat(second.resumeOffset()).hasValue(0);
        for (int i = 0; i < 10; i++) {
            second.write(view(i, "a"));
        }
        second.flush();

        assertThat(ids()).containsExactlyInAnyOrderElementsOf(range(10));
        try (S3Bucket b = S3Bucket.open(endpoint(), bucketB)) {
            assertThat(b.objects("q/")).containsOnlyKeys("q/orders/0/4.json", "q/orders/0/9.json");
        }
        assertThat(keys()).containsExactly("p/orders/0/4.json", "p/orders/0/9.json");
    }

    @Test
    void duringAnOutageNothingIsAcknowledgedAndTheNextSessionCatchesUp() throws Exception {
        String clauses = "PARTITIONBY dir WITH_FLUSH_COUNT = 2";
        TopicPartitionWriter first = open(clauses);
        first.write(view(0, "a"));
        first.write(view(1, "a"));
        first.flush();
        first.write(view(2, "b"));
        first.write(view(3, "b"));
        int port = server.endpoint().getPort();
        server.close();

        assertThatThrownBy(first::flush).isInstanceOf(S3Unavailable.class)
                .hasMessageContaining("failed 3 times")
                .hasMessageContaining("restart the task once S3 answers");
        assertThat(first.safeOffset()).as("the unwritten records hold the commit back").hasValue(2);

        server = startServer(port);
        TopicPartitionWriter second = open(clauses);
        for (long i = second.resumeOffset().orElseThrow(); i < 4; i++) {
            second.write(view((int) i, i < 2 ? "a" : "b"));
        }
        second.flush();
        assertThat(ids()).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    private static S3Server startServer(int port) throws Exception {
        return S3Server.builder().dataDirectory(data.resolve("s3")).port(port).accessKey(S3Bucket.ACCESS_KEY)
                .secretKey(S3Bucket.SECRET_KEY).region(S3Bucket.REGION).start();
    }

    private static String endpoint() {
        return server.endpoint().toString();
    }

    private TopicPartitionWriter open(String clauses) {
        return open(article("INSERT INTO " + bucketA + ":p SELECT * FROM orders " + clauses));
    }

    private TopicPartitionWriter open(List<KcqlStatement> statements) {
        Map<String, String> props = new HashMap<>();
        props.put("name", "writer-test");
        props.put(S3SinkConfig.KCQL, "INSERT INTO " + bucketA + " SELECT * FROM orders");
        props.put(S3SinkConfig.REGION, S3Bucket.REGION);
        props.put(S3SinkConfig.AUTH_MODE, "Credentials");
        props.put(S3SinkConfig.ACCESS_KEY, S3Bucket.ACCESS_KEY);
        props.put(S3SinkConfig.SECRET_KEY, S3Bucket.SECRET_KEY);
        props.put(S3SinkConfig.CUSTOM_ENDPOINT, endpoint());
        props.put(S3SinkConfig.VHOST_BUCKET, "true"); // path style, as Lenses reads the flag
        props.put(S3SinkConfig.RETRIES, "2");
        props.put(S3SinkConfig.RETRY_BACKOFF_MS, "50");
        S3SinkConfig config = new S3SinkConfig(props);
        S3Storage storage = new S3Storage(S3Clients.create(config), config.retryPolicy(), S3Clients.describe(config));
        storages.add(storage);
        return TopicPartitionWriter.open(TP, statements, storage, ".indexes", "writer-test", clock::get, true);
    }

    private RecordView view(int id, String dir) {
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("id", id);
        value.put("dir", dir);
        return codec.view(new SinkRecord(TOPIC, 0, null, null, null, value, id));
    }

    private S3Bucket bucket() {
        return S3Bucket.open(endpoint(), bucketA);
    }

    private List<String> keys() {
        try (S3Bucket b = bucket()) {
            return b.keys("p/");
        }
    }

    /** The ids of every record in this test's first bucket, repeats included. */
    private List<Integer> ids() {
        List<Integer> ids = new ArrayList<>();
        try (S3Bucket b = bucket()) {
            b.objects("p/").values().forEach(lines -> lines.forEach(line ->
                    ids.add(Integer.parseInt(line.substring("{\"id\":".length(), line.indexOf(','))))));
        }
        return ids;
    }

    private static List<Integer> range(int n) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** A statement of current Lenses (9), whose KCQL and rules it follows. */
    private List<KcqlStatement> current(String clauses) {
        return KcqlParser.parse("INSERT INTO " + bucketA + ":p SELECT * FROM orders " + clauses,
                Compatibility.LENSES_9);
    }

    /** The article's Lenses line, whose KCQL these statements are written in. */
    private static List<KcqlStatement> article(String kcql) {
        return KcqlParser.parse(kcql, Compatibility.LENSES_3);
    }
}
