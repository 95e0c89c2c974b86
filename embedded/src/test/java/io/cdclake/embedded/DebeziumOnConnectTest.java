package io.cdclake.embedded;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proves the pairing the build pins: Debezium PostgreSQL 2.7.4.Final, from its plugin archive, runs in a Kafka
 * Connect 3.7.2 worker on this JVM (Java 17) with {@code plugin.discovery=service_load}, snapshots a table through
 * an explicit publication with pgoutput, and streams a later change.
 */
class DebeziumOnConnectTest {

    @TempDir
    Path dir;

    @Test
    void debeziumSnapshotsAndStreamsThroughAnExplicitPublication() throws Exception {
        Path plugins = Path.of(System.getProperty("cdclake.test.plugins"));
        try (PostgresServer pg = PostgresServer.builder().dataDirectory(dir.resolve("pg")).start();
             KafkaBroker kafka = KafkaBroker.builder().dataDirectory(dir.resolve("kafka")).start();
             ConnectWorker connect = ConnectWorker.builder().bootstrapServers(kafka.bootstrapServers())
                     .groupId("pairing").pluginPath(List.of(plugins)).start()) {
            pg.createDatabaseIfAbsent("devdb");
            try (Connection c = pg.connect("devdb"); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA datalake");
                s.execute("CREATE TABLE datalake.events (id int PRIMARY KEY, name text)");
                s.execute("INSERT INTO datalake.events VALUES (1, 'snapshot')");
                s.execute("CREATE PUBLICATION cdc_publication FOR TABLE datalake.events");
            }
            ConnectRestClient rest = new ConnectRestClient(connect.restUrl());
            assertThat(rest.plugins()).extracting(ConnectRestClient.PluginInfo::className)
                    .contains("io.debezium.connector.postgresql.PostgresConnector");

            rest.putConfig("pairing-source", Map.ofEntries(
                    Map.entry("connector.class", "io.debezium.connector.postgresql.PostgresConnector"),
                    Map.entry("plugin.name", "pgoutput"),
                    Map.entry("publication.name", "cdc_publication"),
                    Map.entry("publication.autocreate.mode", "disabled"),
                    Map.entry("slot.name", "pairing_slot"),
                    Map.entry("database.hostname", pg.host()),
                    Map.entry("database.port", Integer.toString(pg.port())),
                    Map.entry("database.user", pg.user()),
                    Map.entry("database.password", ""),
                    Map.entry("database.dbname", "devdb"),
                    Map.entry("topic.prefix", "msk"),
                    Map.entry("table.include.list", "datalake.events"),
                    Map.entry("value.converter", "org.apache.kafka.connect.json.JsonConverter"),
                    Map.entry("value.converter.schemas.enable", "false"),
                    Map.entry("key.converter.schemas.enable", "false"),
                    Map.entry("transforms", "unwrap"),
                    Map.entry("transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState")));
            rest.awaitRunning("pairing-source", Duration.ofSeconds(60));

            List<String> values = new ArrayList<>();
            Properties p = new Properties();
            p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            p.put(ConsumerConfig.GROUP_ID_CONFIG, "pairing-test");
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
                consumer.subscribe(List.of("msk.datalake.events"));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
                    return !values.isEmpty();
                });
                try (Connection c = pg.connect("devdb"); Statement s = c.createStatement()) {
                    s.execute("UPDATE datalake.events SET name = 'streamed' WHERE id = 1");
                }
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
                    return values.size() >= 2;
                });
            }
            assertThat(values).containsExactly("{\"id\":1,\"name\":\"snapshot\"}", "{\"id\":1,\"name\":\"streamed\"}");
        }
    }
}
