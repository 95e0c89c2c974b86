package io.cdclake.s3sink.it;

import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.s3sink.BadConfigurations;
import io.cdclake.s3sink.S3Bucket;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the sink refuses, seen through a real Connect worker: bad configurations on the validate endpoint, and
 * records it cannot place (the task fails naming them, or Connect's error handling routes them).
 */
class RefusalsIT {

    static final String CONNECTOR_CLASS = "io.cdclake.s3sink.S3SinkConnector";

    @TempDir
    static Path directory;
    static SinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SinkCluster.start(directory, PluginDirectory.unpackBuiltZip(directory.resolve("plugins")), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Test
    void theWorkerListsThePluginWithItsVersion() {
        assertThat(cluster.rest().plugins())
                .filteredOn(p -> p.className().equals(CONNECTOR_CLASS))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.type()).isEqualTo("sink");
                    assertThat(p.version()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
                });
    }

    @Test
    void theZipHoldsJarsAtItsRootAndNothingConnectProvides() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(PluginDirectory.builtZip().toFile())) {
            zip.stream().map(ZipEntry::getName).forEach(names::add);
        }
        assertThat(names).allMatch(n -> n.endsWith(".jar") && !n.contains("/"))
                .anyMatch(n -> n.startsWith("cdclake-s3-sink-"))
                .anyMatch(n -> n.startsWith("s3-2."))
                .anyMatch(n -> n.startsWith("url-connection-client-"))
                .noneMatch(n -> n.startsWith("kafka-") || n.startsWith("connect-") || n.startsWith("slf4j-")
                        || n.startsWith("jackson-") || n.startsWith("netty-") || n.startsWith("apache-client-"));
    }

    @Test
    void theArticlesConfigurationValidates() {
        ConnectRestClient.Validation validation = cluster.rest().validate(CONNECTOR_CLASS, BadConfigurations.good());

        assertThat(validation.errors()).isEmpty();
        assertThat(validation.errorCount()).isZero();
    }

    static List<BadConfigurations.Case> badConfigurations() {
        return BadConfigurations.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void theValidateEndpointRefusesABadValueOnItsSetting(BadConfigurations.Case bad) {
        ConnectRestClient.Validation validation = cluster.rest().validate(CONNECTOR_CLASS,
                bad.apply(BadConfigurations.good()));

        assertThat(validation.errors()).containsOnlyKeys(bad.field());
        assertThat(validation.errors().get(bad.field())).anySatisfy(m -> assertThat(m).contains(bad.message()));
        assertThat(validation.errors().toString()).doesNotContain(BadConfigurations.SECRET);
    }

    @Test
    void aTombstoneFailsTheTaskNamingItUnlessSkipNullValuesIsSet() throws Exception {
        cluster.createTopic("tombstone", 1);
        S3Bucket bucket = cluster.createBucket("tombstone");
        cluster.send("tombstone", 0, "{\"order_id\":1}", "{\"customer_id\":\"RICSU\",\"order_id\":1}");
        cluster.send("tombstone", 0, "{\"order_id\":1}", null);
        cluster.rest().putConfig("tombstone", cluster.sinkConfig(CONNECTOR_CLASS, "tombstone",
                "INSERT INTO tombstone:p SELECT * FROM tombstone PARTITIONBY customer_id,order_id"
                        + " PROPERTIES('flush.count'=1)"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(
                cluster.rest().status("tombstone").orElseThrow().failure()).isPresent());
        assertThat(cluster.rest().status("tombstone").orElseThrow().failure().orElseThrow())
                .contains("topic tombstone, partition 0, offset 1: its value is null (a tombstone), which Lenses 9"
                        + " fails on too unless told to skip it; set connect.s3.skip.null.values=true");
        assertThat(bucket.objects("p/")).containsOnlyKeys("p/customer_id=RICSU/order_id=1/tombstone(0_000000000000).json");
        cluster.rest().delete("tombstone");
    }

    @Test
    void withErrorsToleranceAllTheRecordGoesToTheDeadLetterQueue() throws Exception {
        cluster.createTopic("dlq-source", 1);
        S3Bucket bucket = cluster.createBucket("dlq-source");
        cluster.send("dlq-source", 0, null, "{\"customer_id\":\"RICSU\",\"order_id\":1}");
        cluster.send("dlq-source", 0, "{\"order_id\":1}", null);
        cluster.send("dlq-source", 0, null, "{\"customer_id\":\"RICSU\",\"order_id\":1}");
        Map<String, String> config = cluster.sinkConfig(CONNECTOR_CLASS, "dlq-source",
                "INSERT INTO dlq-source:p SELECT * FROM dlq-source PARTITIONBY customer_id,order_id"
                        + " PROPERTIES('flush.count'=2)");
        config.put("errors.tolerance", "all");
        config.put("errors.deadletterqueue.topic.name", "dlq");
        config.put("errors.deadletterqueue.topic.replication.factor", "1");
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        cluster.rest().putConfig("dlq-source", config);

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p/customer_id=RICSU/order_id=1/dlq-source(0_000000000002).json"));
        assertThat(cluster.rest().status("dlq-source").orElseThrow().running()).isTrue();
        ConsumerRecord<String, String> dead = readOne("dlq");
        assertThat(dead.key()).isEqualTo("{\"order_id\":1}");
        assertThat(dead.value()).isNull();
        assertThat(new String(dead.headers().lastHeader("__connect.errors.exception.message").value()))
                .contains("topic dlq-source, partition 0, offset 1: its value is null (a tombstone)");
        cluster.rest().delete("dlq-source");
    }

    private static ConsumerRecord<String, String> readOne(String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "refusals-it-" + topic);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(topic));
            await().atMost(SinkCluster.timeout()).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
