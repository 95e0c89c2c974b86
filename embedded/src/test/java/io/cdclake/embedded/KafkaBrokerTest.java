package io.cdclake.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class KafkaBrokerTest {

    private static final String TOPIC = "msk.datalake.cdc_events";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    @Test
    void keepsTopicsRecordsAndCommittedOffsetsAcrossARestartOnTheSamePort() throws Exception {
        int port;
        try (KafkaBroker kafka = KafkaBroker.builder().dataDirectory(dir).start()) {
            port = kafka.port();
            assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
            try (KafkaProducer<String, String> producer = producer(kafka)) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "first")).get(); // created on first use
                producer.send(new ProducerRecord<>(TOPIC, "k", "second")).get();
            }
            try (KafkaConsumer<String, String> reader = consumer(kafka, "reader")) {
                reader.assign(List.of(PARTITION));
                reader.seekToBeginning(List.of(PARTITION));
                assertThat(poll(reader, 2)).containsExactly("first", "second");
                reader.commitSync(Map.of(PARTITION, new OffsetAndMetadata(1)));
            }
            try (Admin admin = admin(kafka)) {
                admin.createTopics(List.of(new NewTopic("doomed", 1, (short) 1))).all().get();
                admin.deleteTopics(List.of("doomed")).all().get();
                await().atMost(Duration.ofSeconds(10)).until(() -> !admin.listTopics().names().get().contains("doomed"));
            }
        }
        assertThat(LocalPorts.accepting(port)).as("closing releases the port").isFalse();

        try (KafkaBroker kafka = KafkaBroker.builder().dataDirectory(dir).port(port).start()) {
            try (Admin admin = admin(kafka)) {
                assertThat(admin.listTopics().names().get()).contains(TOPIC).doesNotContain("doomed");
            }
            try (KafkaConsumer<String, String> reader = consumer(kafka, "reader")) {
                reader.subscribe(List.of(TOPIC));
                assertThat(poll(reader, 1)).as("the group resumes from its committed offset").containsExactly("second");
            }
        }
    }

    @Test
    void refusesAPortInUseAndLeavesTheDataDirectoryFreeForTheNextStart() throws Exception {
        try (ServerSocket taken = LocalPorts.occupy()) {
            assertThatThrownBy(() -> KafkaBroker.builder().dataDirectory(dir).port(taken.getLocalPort()).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("KafkaBroker: port " + taken.getLocalPort() + " is in use; give another port, or 0 for a free one");
        }
        try (KafkaBroker kafka = KafkaBroker.builder().dataDirectory(dir).start()) {
            assertThat(LocalPorts.accepting(kafka.port())).isTrue();
        }
    }

    @Test
    void refusesIncompleteSettingsNamingTheFieldAndTheFix() {
        assertThatThrownBy(() -> KafkaBroker.builder().start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dataDirectory is not set").hasMessageContaining("dataDirectory(Path)");
        assertThatThrownBy(() -> KafkaBroker.builder().port(70000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 70000 is out of range");
    }

    private static List<String> poll(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
            return values.size() >= count;
        });
        return values;
    }

    private static KafkaProducer<String, String> producer(KafkaBroker kafka) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaBroker kafka, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new StringDeserializer(), new StringDeserializer());
    }

    private static Admin admin(KafkaBroker kafka) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @Test
    void aDirectoryInUseIsRefusedAndABrokerThatDidNotStopCleanlyIsReported() throws Exception {
        try (KafkaBroker running = KafkaBroker.builder().dataDirectory(dir).start()) {
            assertThatThrownBy(() -> KafkaBroker.builder().dataDirectory(dir).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(dir.resolve("log") + " is in use by a running process");
            assertThat(running.bootstrapServers()).startsWith("localhost:");
        }
        List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        KafkaBroker.builder().dataDirectory(dir).recoveries(said::add).start().close();
        assertThat(said).as("after a clean stop").isEmpty();
        // what a SIGKILL leaves: no clean-shutdown marker
        java.nio.file.Files.delete(dir.resolve("log").resolve(".kafka_cleanshutdown"));
        try (KafkaBroker restarted = KafkaBroker.builder().dataDirectory(dir).recoveries(said::add).start()) {
            assertThat(said).singleElement().asString().contains("did not stop cleanly");
        }
    }
}
