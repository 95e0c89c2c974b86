package io.cdclake.embedded;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

import java.util.Objects;
import java.util.Optional;

/**
 * Kafka from a container image of the {@code apache/kafka} kind, started through Testcontainers' Kafka module: one
 * KRaft node that is broker and controller, as the embedded {@link KafkaBroker} is, and to the runner it looks the
 * same: plaintext bootstrap servers on a port of this machine's loopback only. Topics are created on first use and
 * may be deleted (the image's defaults). Its data lives as long as the container: closing it removes both.
 */
public final class KafkaBrokerContainer implements KafkaCluster {

    /** The official image a Docker user pulls: the Kafka version of the embedded broker and of MSK Connect. */
    public static final String DEFAULT_IMAGE = "apache/kafka:3.7.2";

    private static final int KAFKA_PORT = 9092;

    private final String image;
    private final KafkaContainer container;

    private KafkaBrokerContainer(String image, KafkaContainer container) {
        this.image = image;
        this.container = container;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Fails, naming the fix, when no Docker engine answers or the image is neither on it nor can be pulled: for a
     * runner to check before it clears or starts anything.
     *
     * @throws IllegalStateException when Docker or the image is missing
     */
    public static void requireDocker(String image) {
        Docker.require(image, "the Kafka container " + image, "leave --kafka-container out for the embedded Kafka broker");
    }

    /**
     * Why {@code image} cannot start here without a pull, if it cannot: no Docker engine, or the image is not on
     * it. For tests, which skip with the reason rather than wait for a registry this machine may not reach.
     */
    public static Optional<String> notStartableHere(String image) {
        return Docker.notStartableHere(image, "pull it, or build local/kafka:3.7.2 with docker/kafka/build-image.sh");
    }

    @Override
    public String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }

    @Override
    public String toString() {
        return "Kafka container " + image + " at " + bootstrapServers();
    }

    public static final class Builder {
        private String image = DEFAULT_IMAGE;

        private Builder() {
        }

        /** An image of the official apache/kafka image's kind (KAFKA_* variables, /etc/kafka/docker/run). */
        public Builder image(String image) {
            this.image = Objects.requireNonNull(image, "image");
            return this;
        }

        /**
         * Starts the container and waits until the broker runs.
         *
         * @throws IllegalStateException naming the fix when no Docker engine answers
         */
        public KafkaBrokerContainer start() {
            requireDocker(image);
            @SuppressWarnings("resource") // closed by KafkaBrokerContainer.close()
            KafkaContainer container = new KafkaContainer(
                    DockerImageName.parse(image).asCompatibleSubstituteFor("apache/kafka"))
                    // one small local broker: C1 and the serial collector start it in about half the time on a
                    // busy machine (10 to 15 s instead of 20 to 28 s on 2 shared cores), as the launcher's C1 does
                    .withEnv("KAFKA_JVM_PERFORMANCE_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC")
                    .withCreateContainerCmdModifier(Docker.onLoopbackOnly(KAFKA_PORT));
            container.start();
            return new KafkaBrokerContainer(image, container);
        }
    }
}
