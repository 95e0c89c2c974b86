package io.cdclake.embedded;

import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerPort;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Kafka from a container image, as {@code up --kafka-container} starts it. Needs a Docker engine and the image
 * ({@code CDCLAKE_KAFKA_IMAGE}, default {@code local/kafka:3.7.2}, which {@code docker/kafka/build-image.sh} builds
 * without a registry); without them the container test reports itself skipped.
 */
class KafkaBrokerContainerTest {

    static final String IMAGE = System.getenv().getOrDefault("CDCLAKE_KAFKA_IMAGE", "local/kafka:3.7.2");
    private static final String TOPIC = "msk.datalake.cdc_events";

    @Test
    void theDefaultImageRunsTheKafkaOfTheEmbeddedBroker() {
        assertThat(KafkaBrokerContainer.DEFAULT_IMAGE).isEqualTo("apache/kafka:" + AppInfoParser.getVersion());
    }

    @Test
    void startsABrokerReachableOnLoopbackOnlyThatTakesTransactionsAndIsGoneWhenClosed() throws Exception {
        KafkaBrokerContainer.notStartableHere(IMAGE).ifPresent(reason -> assumeTrue(false, reason));
        int port;
        try (KafkaBrokerContainer kafka = KafkaBrokerContainer.builder().image(IMAGE).start()) {
            port = Integer.parseInt(kafka.bootstrapServers().substring(kafka.bootstrapServers().lastIndexOf(':') + 1));
            assertThat(kafka.toString()).contains(IMAGE);
            assertThat(ports(IMAGE)).as("published on the loopback address only")
                    .extracting(ContainerPort::getIp).containsOnly("127.0.0.1");
            // Connect's exactly-once source support writes in transactions; the topic is created on first use
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test"), new StringSerializer(), new StringSerializer())) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(TOPIC, "k", "committed"));
                producer.commitTransaction();
            }
            try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, "reader", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                    new StringDeserializer(), new StringDeserializer())) {
                reader.subscribe(List.of(TOPIC));
                List<String> values = new ArrayList<>();
                await().atMost(Duration.ofSeconds(30)).until(() -> {
                    reader.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> values.add(r.value()));
                    return !values.isEmpty();
                });
                assertThat(values).containsExactly("committed");
            }
        }
        assertThat(LocalPorts.accepting(port)).as("closing removes the container").isFalse();
        assertThat(ports(IMAGE)).as("no container of the image left").isEmpty();
    }

    /** The published ports of the running containers of {@code image}. */
    private static List<ContainerPort> ports(String image) {
        return DockerClientFactory.instance().client().listContainersCmd().exec().stream()
                .filter(c -> image.equals(c.getImage()))
                .map(Container::getPorts).flatMap(Arrays::stream)
                .filter(p -> p.getPublicPort() != null).toList();
    }
}
