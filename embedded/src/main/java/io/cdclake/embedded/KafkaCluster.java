package io.cdclake.embedded;

/**
 * A running Kafka as the runner sees it, whichever kind it is ({@link KafkaBroker} in this JVM, or
 * {@link KafkaBrokerContainer} from an image): where clients and Connect workers connect. Closing stops it.
 */
public interface KafkaCluster extends AutoCloseable {

    /** {@code host:port} of a plaintext listener reachable from this machine. */
    String bootstrapServers();
}
