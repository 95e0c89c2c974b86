package io.cdclake.s3sink.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.s3sink.S3Bucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a user of the Lenses S3 sink observes in S3 (object keys, contents, when files appear), written once for
 * both Lenses lines (each statement in the KCQL form of its line, each key as its line names it) and run against
 * each plugin: this project's in each {@link LensesLine} (always) and the real Lenses plugin (when one is
 * supplied), so they can be checked to agree. Each test uses its own topic, bucket and connector.
 */
abstract class SinkBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String BUILT_IN = "io.cdclake.s3sink.S3SinkConnector";
    static final String ARTICLE_TOPIC = "msk.datalake.cdc_events";

    private final List<String> connectors = new ArrayList<>();

    /** The servers of the concrete test class, its worker loading the plugin under test. */
    abstract SinkCluster cluster();

    abstract String connectorClass();

    /** The Lenses line the plugin under test belongs to (the built-in sink is set to it). */
    abstract LensesLine line();

    /**
     * The sink's configuration for one statement, its flush settings in the line's form: {@code flush} holds
     * pairs such as {@code "count", "50", "interval", "60"}.
     */
    Map<String, String> config(String topics, String statement, String... flush) {
        return cluster().sinkConfig(connectorClass(), topics, statement + flushClause(flush));
    }

    /** Lenses 3: {@code WITH_FLUSH_COUNT = 50 ...}; Lenses 9: {@code PROPERTIES('flush.count'=50, ...)}. */
    String flushClause(String... flush) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < flush.length; i += 2) {
            parts.add(line() == LensesLine.LENSES_3
                    ? "WITH_FLUSH_" + flush[i].toUpperCase(java.util.Locale.ROOT) + " = " + flush[i + 1]
                    : "'flush." + flush[i] + "'=" + flush[i + 1]);
        }
        if (parts.isEmpty()) {
            return "";
        }
        return line() == LensesLine.LENSES_3 ? " " + String.join(" ", parts)
                : " PROPERTIES(" + String.join(", ", parts) + ")";
    }


    /** A file's name as the line writes it: {@code topic(0_98).json}, or {@code topic(0_000000000098).json}. */
    String name(String topic, int partition, long offset) {
        return topic + "(" + partition + "_" + (line() == LensesLine.LENSES_3 ? String.valueOf(offset)
                : String.format("%012d", offset)) + ").json";
    }

    /**
     * The key of a NOPARTITION file as the line writes it: Lenses 9 joins prefix, (no) directories and file name
     * with '/' ({@code raw//topic(0_000000000001).json}, {@code /topic(...)} without a prefix); Lenses 3.0 names
     * it by topic and partition ({@code raw/topic/0/1.json}), under {@code streamreactor} without a prefix.
     */
    String noPartitionKey(String prefix, String topic, int partition, long offset) {
        if (line() == LensesLine.LENSES_3) {
            return (prefix.isEmpty() ? "streamreactor" : prefix) + "/" + topic + "/" + partition + "/" + offset + ".json";
        }
        return (prefix.isEmpty() ? "" : prefix + "/") + "/" + name(topic, partition, offset);
    }

    @AfterEach
    void deleteConnectors() {
        connectors.forEach(name -> cluster().rest().delete(name));
    }

    @Test
    void theArticlesStatementWritesFiftyRecordsPerObjectUnderCustomerAndOrder() throws Exception {
        cluster().createTopic(ARTICLE_TOPIC, 1);
        S3Bucket bucket = cluster().createBucket("data-lake-demo-cevo");
        List<String> rattc = new ArrayList<>();
        List<String> vinet = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rattc.add(order(11077, "RATTC", i));
            vinet.add(order(10248, "VINET", i));
            cluster().send(ARTICLE_TOPIC, 0, "{\"id\":" + (2 * i) + "}", rattc.get(i));
            cluster().send(ARTICLE_TOPIC, 0, "{\"id\":" + (2 * i + 1) + "}", vinet.get(i));
        }
        cluster().send(ARTICLE_TOPIC, 0, "{\"id\":100}", order(11075, "RICSU", 0));

        run("article", config(ARTICLE_TOPIC, "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM "
                + ARTICLE_TOPIC + " PARTITIONBY customer_id,order_id STOREAS `json`", "interval", "60", "count", "50"));

        // both lines write every open file of a Kafka partition when one is due, each named by its own last record:
        // VINET's file goes with RATTC's, which fills first (offset 98), holding 49 records; the 50th waits
        List<String> vinetWritten = vinet.subList(0, 49);
        String rattcKey = "cdc-events/customer_id=RATTC/order_id=11077/" + name(ARTICLE_TOPIC, 0, 98);
        String vinetKey = "cdc-events/customer_id=VINET/order_id=10248/" + name(ARTICLE_TOPIC, 0, 97);
        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("cdc-events/")).containsKeys(rattcKey, vinetKey));
        Map<String, List<String>> objects = bucket.objects("cdc-events/");
        assertThat(objects).as("the records after them wait for their interval").containsOnlyKeys(rattcKey, vinetKey);
        assertThat(trees(objects.get(rattcKey))).isEqualTo(trees(rattc));
        assertThat(trees(objects.get(vinetKey))).isEqualTo(trees(vinetWritten));
    }

    @Test
    void connectSchemasUpstreamGiveTheSameContent() throws Exception {
        cluster().createTopic("orders-with-schemas", 1);
        S3Bucket bucket = cluster().createBucket("with-schemas");
        String schema = "{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"order_id\",\"type\":\"int32\"},"
                + "{\"field\":\"customer_id\",\"type\":\"string\"},"
                + "{\"field\":\"employee_id\",\"type\":\"int32\"},"
                + "{\"field\":\"shipped_date\",\"type\":\"int32\",\"optional\":true},"
                + "{\"field\":\"freight\",\"type\":\"double\"},"
                + "{\"field\":\"order_items\",\"type\":\"string\",\"optional\":true}]}";
        List<String> payloads = List.of(order(11077, "RATTC", 0), order(11077, "RATTC", 1));
        for (String payload : payloads) {
            cluster().send("orders-with-schemas", 0, null, "{\"schema\":" + schema + ",\"payload\":" + payload + "}");
        }
        Map<String, String> config = config("orders-with-schemas", "INSERT INTO with-schemas:cdc-events SELECT * FROM"
                + " orders-with-schemas PARTITIONBY customer_id,order_id STOREAS `json`", "count", "2");
        config.put("value.converter.schemas.enable", "true");

        run("with-schemas", config);

        String key = "cdc-events/customer_id=RATTC/order_id=11077/" + name("orders-with-schemas", 0, 1);
        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("cdc-events/")).containsOnlyKeys(key));
        assertThat(trees(bucket.objects("cdc-events/").get(key))).isEqualTo(trees(payloads));
    }

    @Test
    void aFileIsWrittenWhenItsDirectoryReachesTheFlushCount() throws Exception {
        cluster().createTopic("by-count", 1);
        S3Bucket bucket = cluster().createBucket("by-count");
        for (int i = 0; i < 7; i++) {
            cluster().send("by-count", 0, null, "{\"id\":" + i + ",\"dir\":\"" + (i % 2 == 0 ? "a" : "b") + "\"}");
        }

        run("by-count", config("by-count", "INSERT INTO by-count:p SELECT * FROM by-count PARTITIONBY dir",
                "count", "3", "interval", "3600"));

        // b's file is written with a's, which fills first (offset 4)
        String a4 = "p/dir=a/" + name("by-count", 0, 4);
        String b = "p/dir=b/" + name("by-count", 0, 3);
        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys(a4, b));
        assertThat(ids(bucket.objects("p/").get(a4))).containsExactly(0, 2, 4);
        assertThat(ids(bucket.objects("p/").get(b))).containsExactly(1, 3);

        cluster().send("by-count", 0, null, "{\"id\":7,\"dir\":\"b\"}");
        cluster().send("by-count", 0, null, "{\"id\":8,\"dir\":\"a\"}");
        cluster().send("by-count", 0, null, "{\"id\":9,\"dir\":\"a\"}");
        String a9 = "p/dir=a/" + name("by-count", 0, 9);
        String b7 = "p/dir=b/" + name("by-count", 0, 7);
        List<String> all = List.of(a4, b, a9, b7);
        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys(all));
        assertThat(ids(bucket.objects("p/").get(a9))).containsExactly(6, 8, 9);
        assertThat(ids(bucket.objects("p/").get(b7))).containsExactly(5, 7);
    }

    @Test
    void aFileIsWrittenWhenItReachesTheFlushSize() throws Exception {
        cluster().createTopic("by-size", 1);
        S3Bucket bucket = cluster().createBucket("by-size");
        // every value is 40 bytes of JSON plus the line feed: the third reaches 100 bytes
        for (int i = 0; i < 4; i++) {
            cluster().send("by-size", 0, null, "{\"id\":" + i + ",\"pad\":\"" + "x".repeat(23) + "\"}");
        }

        run("by-size", config("by-size", "INSERT INTO by-size SELECT * FROM by-size NOPARTITION",
                "size", "100", "interval", "3600"));

        String key = noPartitionKey("", "by-size", 0, 2);
        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("")).containsOnlyKeys(key));
        assertThat(ids(bucket.objects("").get(key))).containsExactly(0, 1, 2);
    }

    @Test
    void aLoneLastRecordLandsWhenTheIntervalEnds() throws Exception {
        cluster().createTopic("by-interval", 1);
        S3Bucket bucket = cluster().createBucket("by-interval");
        run("by-interval", config("by-interval", "INSERT INTO by-interval:p SELECT * FROM by-interval PARTITIONBY dir",
                "interval", "5", "count", "1000"));

        long sent = System.nanoTime();
        cluster().send("by-interval", 0, null, "{\"id\":0,\"dir\":\"a\"}");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(bucket.objects("p/")).containsOnlyKeys("p/dir=a/" + name("by-interval", 0, 0)));
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("not before the interval")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void noPartitionWritesEachKafkaPartitionUnderThePrefix() throws Exception {
        cluster().createTopic("two-partitions", 2);
        S3Bucket bucket = cluster().createBucket("no-partition");
        for (int i = 0; i < 4; i++) {
            cluster().send("two-partitions", i % 2, null, "{\"id\":" + i + "}");
        }

        run("no-partition", config("two-partitions", "INSERT INTO no-partition:raw SELECT * FROM two-partitions"
                + " NOPARTITION", "count", "2"));

        String first = noPartitionKey("raw", "two-partitions", 0, 1);
        String second = noPartitionKey("raw", "two-partitions", 1, 1);
        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("raw/"))
                .containsOnlyKeys(first, second));
        assertThat(ids(bucket.objects("raw/").get(first))).containsExactly(0, 2);
        assertThat(ids(bucket.objects("raw/").get(second))).containsExactly(1, 3);
    }

    @Test
    void aRecordLackingAPartitionFieldGoesToTheMissingDirectory() throws Exception {
        cluster().createTopic("lacking", 1);
        S3Bucket bucket = cluster().createBucket("lacking");
        cluster().send("lacking", 0, null, "{\"id\":0,\"dir\":\"a\"}");
        cluster().send("lacking", 0, null, "{\"id\":1}");

        run("lacking", config("lacking", "INSERT INTO lacking:p SELECT * FROM lacking PARTITIONBY dir", "count", "1"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p/dir=a/" + name("lacking", 0, 0), "p/dir=[missing]/" + name("lacking", 0, 1)));
    }

    /** Creates the connector (removed after the test) and waits until its task runs. */
    void run(String name, Map<String, String> config) {
        connectors.add(name);
        cluster().rest().putConfig(name, withLine(config));
        cluster().rest().awaitRunning(name, SinkCluster.timeout());
    }

    /**
     * What the plugin says when it refuses a configuration: the built-in sink at once (Connect validates
     * before it creates), Lenses when its task starts.
     */
    String refusal(String name, Map<String, String> config) {
        connectors.add(name);
        try {
            cluster().rest().putConfig(name, withLine(config));
        } catch (ConnectRestClient.ConnectRestException refused) {
            return refused.getMessage();
        }
        return await().atMost(SinkCluster.timeout()).until(() -> cluster().rest().status(name)
                .flatMap(ConnectRestClient.ConnectorStatus::failure).orElse(null), java.util.Objects::nonNull);
    }

    /** The built-in sink is told which line to follow; the real Lenses plugin is its line. */
    private Map<String, String> withLine(Map<String, String> config) {
        if (BUILT_IN.equals(connectorClass())) {
            config.put("connect.s3.compatibility", line().configName());
        }
        return config;
    }

    /** A row of the article's outbox table as Debezium's unwrap transform sends it (without schemas). */
    static String order(int orderId, String customer, int change) {
        return "{\"order_id\":" + orderId + ",\"customer_id\":\"" + customer + "\",\"employee_id\":8,"
                + "\"shipped_date\":" + (change == 0 ? "null" : String.valueOf(10392 + change)) + ","
                + "\"freight\":" + (8.53 + change) + ",\"order_items\":" + (change == 0 ? "null" : "\"[" + change + "]\"")
                + "}";
    }

    static List<JsonNode> trees(List<String> lines) {
        return lines.stream().map(SinkBehaviour::tree).collect(Collectors.toList());
    }

    static List<Integer> ids(List<String> lines) {
        return lines.stream().map(l -> tree(l).get("id").asInt()).collect(Collectors.toList());
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
