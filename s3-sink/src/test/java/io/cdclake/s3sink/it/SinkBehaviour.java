package io.cdclake.s3sink.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * What a user of the Lenses S3 sink observes in S3 (object keys, contents, when files appear), written once and
 * run against each plugin: this project's (always) and the real Lenses plugin (when one is supplied), so the
 * two can be checked to agree. Each test uses its own topic, bucket and connector.
 */
abstract class SinkBehaviour {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String ARTICLE_TOPIC = "msk.datalake.cdc_events";
    static final String ARTICLE_KCQL = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.datalake.cdc_events"
            + " PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50";

    private final List<String> connectors = new ArrayList<>();

    /** The servers of the concrete test class, its worker loading the plugin under test. */
    abstract SinkCluster cluster();

    abstract String connectorClass();

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

        run("article", cluster().sinkConfig(connectorClass(), ARTICLE_TOPIC, ARTICLE_KCQL));

        String rattcKey = "cdc-events/customer_id=RATTC/order_id=11077/msk.datalake.cdc_events(0_98).json";
        String vinetKey = "cdc-events/customer_id=VINET/order_id=10248/msk.datalake.cdc_events(0_99).json";
        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("cdc-events/")).containsKeys(rattcKey, vinetKey));
        Map<String, List<String>> objects = bucket.objects("cdc-events/");
        assertThat(objects).as("the 101st record waits for its interval").containsOnlyKeys(rattcKey, vinetKey);
        assertThat(trees(objects.get(rattcKey))).isEqualTo(trees(rattc));
        assertThat(trees(objects.get(vinetKey))).isEqualTo(trees(vinet));
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
        Map<String, String> config = cluster().sinkConfig(connectorClass(), "orders-with-schemas",
                "INSERT INTO with-schemas:cdc-events SELECT * FROM orders-with-schemas PARTITIONBY customer_id,order_id"
                        + " STOREAS `json` WITH_FLUSH_COUNT = 2");
        config.put("value.converter.schemas.enable", "true");

        run("with-schemas", config);

        String key = "cdc-events/customer_id=RATTC/order_id=11077/orders-with-schemas(0_1).json";
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

        run("by-count", cluster().sinkConfig(connectorClass(), "by-count",
                "INSERT INTO by-count:p SELECT * FROM by-count PARTITIONBY dir WITH_FLUSH_COUNT = 3"
                        + " WITH_FLUSH_INTERVAL = 3600"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p/dir=a/by-count(0_4).json", "p/dir=b/by-count(0_5).json"));
        assertThat(ids(bucket.objects("p/").get("p/dir=a/by-count(0_4).json"))).containsExactly(0, 2, 4);
        assertThat(ids(bucket.objects("p/").get("p/dir=b/by-count(0_5).json"))).containsExactly(1, 3, 5);

        cluster().send("by-count", 0, null, "{\"id\":7,\"dir\":\"b\"}");
        cluster().send("by-count", 0, null, "{\"id\":8,\"dir\":\"a\"}");
        cluster().send("by-count", 0, null, "{\"id\":9,\"dir\":\"a\"}");
        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("p/")).containsKey("p/dir=a/by-count(0_9).json"));
        assertThat(ids(bucket.objects("p/").get("p/dir=a/by-count(0_9).json"))).containsExactly(6, 8, 9);
        assertThat(bucket.objects("p/")).hasSize(3);
    }

    @Test
    void aFileIsWrittenWhenItReachesTheFlushSize() throws Exception {
        cluster().createTopic("by-size", 1);
        S3Bucket bucket = cluster().createBucket("by-size");
        // every value is 40 bytes of JSON plus the line feed: the third reaches 100 bytes
        for (int i = 0; i < 4; i++) {
            cluster().send("by-size", 0, null, "{\"id\":" + i + ",\"pad\":\"" + "x".repeat(23) + "\"}");
        }

        run("by-size", cluster().sinkConfig(connectorClass(), "by-size",
                "INSERT INTO by-size SELECT * FROM by-size NOPARTITION WITH_FLUSH_SIZE = 100 WITH_FLUSH_INTERVAL = 3600"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() ->
                assertThat(bucket.objects("")).containsOnlyKeys("by-size(0_2).json"));
        assertThat(ids(bucket.objects("").get("by-size(0_2).json"))).containsExactly(0, 1, 2);
    }

    @Test
    void aLoneLastRecordLandsWhenTheIntervalEnds() throws Exception {
        cluster().createTopic("by-interval", 1);
        S3Bucket bucket = cluster().createBucket("by-interval");
        run("by-interval", cluster().sinkConfig(connectorClass(), "by-interval",
                "INSERT INTO by-interval:p SELECT * FROM by-interval PARTITIONBY dir WITH_FLUSH_INTERVAL = 5"
                        + " WITH_FLUSH_COUNT = 1000"));

        long sent = System.nanoTime();
        cluster().send("by-interval", 0, null, "{\"id\":0,\"dir\":\"a\"}");

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(bucket.objects("p/")).containsOnlyKeys("p/dir=a/by-interval(0_0).json"));
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

        run("no-partition", cluster().sinkConfig(connectorClass(), "two-partitions",
                "INSERT INTO no-partition:raw/events SELECT * FROM two-partitions NOPARTITION WITH_FLUSH_COUNT = 2"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("raw/"))
                .containsOnlyKeys("raw/events/two-partitions(0_1).json", "raw/events/two-partitions(1_1).json"));
        assertThat(ids(bucket.objects("raw/").get("raw/events/two-partitions(0_1).json"))).containsExactly(0, 2);
        assertThat(ids(bucket.objects("raw/").get("raw/events/two-partitions(1_1).json"))).containsExactly(1, 3);
    }

    /** Creates the connector (removed after the test) and waits until its task runs. */
    void run(String name, Map<String, String> config) {
        connectors.add(name);
        cluster().rest().putConfig(name, config);
        cluster().rest().awaitRunning(name, SinkCluster.timeout());
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
