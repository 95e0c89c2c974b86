package io.cdclake.s3sink.it;

import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectWorker;
import io.cdclake.embedded.KafkaBroker;
import io.cdclake.embedded.S3Server;
import io.cdclake.s3sink.S3Bucket;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import static org.awaitility.Awaitility.await;

/**
 * One set of real servers for a test class: a Kafka broker, an S3 server and a Connect worker loading a plugin
 * directory, all in this JVM. Every test works with its own topics, buckets and connectors.
 */
public final class SinkCluster implements AutoCloseable {

    private final Path directory;
    private final KafkaBroker kafka;
    private final Admin admin;
    private final KafkaProducer<String, String> producer;
    private final ConnectWorker worker;
    private final ConnectRestClient rest;
    private S3Server s3;

    private SinkCluster(Path directory, KafkaBroker kafka, S3Server s3, ConnectWorker worker) {
        this.directory = directory;
        this.kafka = kafka;
        this.s3 = s3;
        this.worker = worker;
        this.rest = worker == null ? null : new ConnectRestClient(worker.restUrl());
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        this.admin = Admin.create(a);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.producer = new KafkaProducer<>(p);
    }

    /**
     * Starts Kafka and S3 side by side, then a Connect worker with {@code pluginPath}.
     *
     * @param workerProperties worker settings over the embedded worker's defaults
     */
    public static SinkCluster start(Path directory, Path pluginPath, Map<String, String> workerProperties)
            throws Exception {
        SinkCluster servers = startWithoutWorker(directory);
        ConnectWorker.Builder builder = ConnectWorker.builder().bootstrapServers(servers.bootstrapServers())
                .groupId("sink-it").pluginPath(List.of(pluginPath));
        workerProperties.forEach(builder::workerProperty);
        try {
            return new SinkCluster(directory, servers.kafka, servers.s3, builder.start());
        } catch (RuntimeException e) {
            servers.close();
            throw e;
        }
    }

    /** Kafka and S3 only: the test runs its own workers. */
    public static SinkCluster startWithoutWorker(Path directory) throws Exception {
        KafkaBroker kafka = KafkaBroker.builder().dataDirectory(directory.resolve("kafka")).start();
        try {
            return new SinkCluster(directory, kafka, startS3(directory, 0), null);
        } catch (Exception e) {
            kafka.close();
            throw e;
        }
    }

    private static S3Server startS3(Path directory, int port) throws Exception {
        return S3Server.builder().dataDirectory(directory.resolve("s3")).port(port).accessKey(S3Bucket.ACCESS_KEY)
                .secretKey(S3Bucket.SECRET_KEY).region(S3Bucket.REGION).start();
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public ConnectRestClient rest() {
        return rest;
    }

    public String s3Endpoint() {
        return s3.endpoint().toString();
    }

    public S3Bucket createBucket(String name) {
        return S3Bucket.create(s3Endpoint(), name);
    }

    /** Stops the S3 server, as an outage would. */
    public int stopS3() throws Exception {
        int port = s3.endpoint().getPort();
        s3.close();
        return port;
    }

    /** Starts the S3 server again on the same port and data. */
    public void restartS3(int port) throws Exception {
        s3 = startS3(directory, port);
    }

    public void createTopic(String name, int partitions) throws ExecutionException, InterruptedException {
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get();
    }

    /** Sends and waits until the broker has it. */
    public void send(String topic, int partition, String key, String value) {
        send(topic, partition, null, key, value);
    }

    /** Sends a record with its own timestamp (null: the producer's clock) and waits until the broker has it. */
    public void send(String topic, int partition, Long timestamp, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending to " + topic, e.getCause());
        }
    }

    /** Sends without waiting; {@link #flush()} waits for all. */
    public Future<?> sendAsync(String topic, int partition, String key, String value) {
        return producer.send(new ProducerRecord<>(topic, partition, key, value));
    }

    public void flush() {
        producer.flush();
    }

    /** The offsets a sink connector's consumer group has committed. */
    public Map<TopicPartition, Long> committedOffsets(String connector) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("connect-" + connector)
                .partitionsToOffsetAndMetadata().get();
        committed.forEach((tp, o) -> {
            if (o != null) {
                offsets.put(tp, o.offset());
            }
        });
        return offsets;
    }

    /**
     * Sets the committed offsets of a sink connector's consumer group, as a worker that died after writing to S3
     * and before committing leaves them. Waits until the group has no live member, which Kafka requires.
     */
    public void rewindOffsets(String connector, Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, OffsetAndMetadata> target = new HashMap<>();
        offsets.forEach((tp, o) -> target.put(tp, new OffsetAndMetadata(o)));
        await().atMost(timeout()).ignoreExceptions().untilAsserted(() ->
                admin.alterConsumerGroupOffsets("connect-" + connector, target).all().get());
    }

    /**
     * The sink's configuration for the article's pipeline shape: JSON values without schemas, string keys,
     * credentials for the local S3 server, path-style requests.
     */
    public Map<String, String> sinkConfig(String connectorClass, String topics, String kcql) {
        Map<String, String> c = new HashMap<>();
        c.put("connector.class", connectorClass);
        c.put("tasks.max", "1");
        c.put("topics", topics);
        c.put("connect.s3.kcql", kcql);
        c.put("connect.s3.aws.region", S3Bucket.REGION);
        c.put("connect.s3.aws.auth.mode", "Credentials");
        c.put("connect.s3.aws.access.key", S3Bucket.ACCESS_KEY);
        c.put("connect.s3.aws.secret.key", S3Bucket.SECRET_KEY);
        c.put("connect.s3.custom.endpoint", s3Endpoint());
        c.put("connect.s3.vhost.bucket", "true");
        c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        c.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        c.put("value.converter.schemas.enable", "false");
        return c;
    }

    public static Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public void close() throws Exception {
        producer.close(Duration.ofSeconds(5));
        admin.close(Duration.ofSeconds(5));
        try {
            if (worker != null) {
                worker.close();
            }
        } finally {
            try {
                s3.close();
            } finally {
                kafka.close();
            }
        }
    }
}
