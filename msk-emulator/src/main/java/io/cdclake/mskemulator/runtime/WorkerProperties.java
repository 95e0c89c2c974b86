package io.cdclake.mskemulator.runtime;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The worker properties of a worker configuration ({@code propertiesFileContent}: a base64-encoded
 * connect-distributed.properties) and MSK Connect's rules for them: {@code key.converter} and
 * {@code value.converter} are required; of the {@code producer.} and {@code consumer.} properties only the listed ones
 * are supported; the others are supported except the ones MSK Connect owns (connections, security, REST, metrics,
 * group membership and internal topics, plugin path).
 */
public final class WorkerProperties {

    /** What MSK Connect runs with when a connector names no worker configuration. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "org.apache.kafka.connect.storage.StringConverter");

    private static final List<String> REQUIRED = List.of("key.converter", "value.converter");

    private static final Set<String> PRODUCER = Set.of("acks", "batch.size", "buffer.memory", "compression.type",
            "enable.idempotence", "key.serializer", "linger.ms", "max.request.size", "metadata.max.age.ms",
            "metadata.max.idle.ms", "partitioner.class", "reconnect.backoff.max.ms", "reconnect.backoff.ms",
            "request.timeout.ms", "retry.backoff.ms", "value.serializer");

    private static final Set<String> CONSUMER = Set.of("allow.auto.create.topics", "auto.offset.reset", "check.crcs",
            "fetch.max.bytes", "fetch.max.wait.ms", "fetch.min.bytes", "heartbeat.interval.ms", "key.deserializer",
            "max.partition.fetch.bytes", "max.poll.interval.ms", "max.poll.records", "metadata.max.age.ms",
            "partition.assignment.strategy", "reconnect.backoff.max.ms", "reconnect.backoff.ms", "request.timeout.ms",
            "retry.backoff.ms", "session.timeout.ms", "value.deserializer");

    private static final List<String> UNSUPPORTED_PREFIXES = List.of("access.control.", "admin.", "admin.listeners.https.",
            "client.", "connect.", "inter.worker.", "internal.", "listeners.https.", "metrics.", "metrics.context.",
            "rest.", "sasl.", "security.", "socket.", "ssl.", "topic.tracking.", "worker.");

    private static final Set<String> UNSUPPORTED = Set.of("bootstrap.servers", "config.storage.topic",
            "connections.max.idle.ms", "connector.client.config.override.policy", "group.id", "listeners",
            "metric.reporters", "plugin.path", "receive.buffer.bytes", "response.http.headers.config",
            "scheduled.rebalance.max.delay.ms", "send.buffer.bytes", "status.storage.topic");

    private WorkerProperties() {
    }

    /**
     * Decodes and checks {@code propertiesFileContent}.
     *
     * @throws IllegalArgumentException with a one-line reason naming the property
     */
    public static Map<String, String> decode(String propertiesFileContent) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(propertiesFileContent);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("propertiesFileContent is not valid base64 (" + e.getMessage()
                    + "): encode the connect-distributed.properties file with base64");
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("propertiesFileContent is not a properties file: " + e.getMessage());
        }
        Map<String, String> decoded = new TreeMap<>();
        properties.stringPropertyNames().forEach(name -> decoded.put(name, properties.getProperty(name)));
        for (String required : REQUIRED) {
            if (!decoded.containsKey(required)) {
                throw new IllegalArgumentException("propertiesFileContent lacks " + required
                        + ": MSK Connect requires key.converter and value.converter in a worker configuration");
            }
        }
        decoded.keySet().forEach(WorkerProperties::checkSupported);
        return decoded;
    }

    private static void checkSupported(String name) {
        boolean supported;
        if (name.startsWith("producer.")) {
            supported = PRODUCER.contains(name.substring("producer.".length()));
        } else if (name.startsWith("consumer.")) {
            supported = CONSUMER.contains(name.substring("consumer.".length()));
        } else {
            supported = !UNSUPPORTED.contains(name) && UNSUPPORTED_PREFIXES.stream().noneMatch(name::startsWith);
        }
        if (!supported) {
            throw new IllegalArgumentException("propertiesFileContent sets '" + name + "', which MSK Connect does not"
                    + " support in a worker configuration: remove it (see MSK Connect's supported worker configuration properties)");
        }
    }
}
