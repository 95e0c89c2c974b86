package io.cdclake.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaProperties;
import org.apache.kafka.metadata.properties.MetaPropertiesVersion;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka broker in this JVM, in KRaft mode (one node that is broker and controller), plaintext on
 * localhost. Its log directory is formatted on first start and reused afterwards, so a restart keeps topics,
 * offsets and Connect's internal topics. Configured as the article's MSK cluster: topics are created on first use
 * and may be deleted.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final int port;
    private boolean closed;

    private KafkaBroker(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>}. */
    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            long started = System.nanoTime();
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    /** Immutable settings of a broker to start. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /** Where the log lives; formatted on first start. Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** The client port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = BuilderChecks.port("KafkaBroker", "port", port);
            return this;
        }

        /** A broker property, applied over the defaults. */
        public Builder property(String name, String value) {
            properties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public KafkaBroker start() throws IOException {
            BuilderChecks.requireDataDirectory("KafkaBroker", dataDirectory, "the broker's log");
            long started = System.nanoTime();
            Path logDir = dataDirectory.resolve("log");
            Files.createDirectories(logDir);
            int clientPort = port > 0 ? port : Ports.free();
            int controllerPort = Ports.free();

            Properties p = new Properties();
            p.put("process.roles", "broker,controller");
            p.put("node.id", Integer.toString(NODE_ID));
            p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
            p.put("listeners", "PLAINTEXT://localhost:" + clientPort + ",CONTROLLER://localhost:" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://localhost:" + clientPort);
            p.put("controller.listener.names", "CONTROLLER");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("log.dirs", logDir.toString());
            p.put("auto.create.topics.enable", "true");
            p.put("delete.topic.enable", "true");
            p.put("num.partitions", "1");
            p.put("default.replication.factor", "1");
            p.put("offsets.topic.replication.factor", "1");
            p.put("offsets.topic.num.partitions", "5");
            p.put("transaction.state.log.replication.factor", "1");
            p.put("transaction.state.log.min.isr", "1");
            p.put("group.initial.rebalance.delay.ms", "0");
            properties.forEach(p::put);
            format(logDir);
            KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(p), Time.SYSTEM);
            KafkaBroker broker = new KafkaBroker(server, clientPort);
            try {
                server.startup();
                awaitReady(broker);
            } catch (RuntimeException e) {
                // The controller may be up when the broker half fails: stop both so the log directory's lock is freed.
                broker.close();
                if (Ports.isBindFailure(e)) {
                    throw new IllegalStateException("KafkaBroker: port " + clientPort + " is in use; give another"
                            + " port, or 0 for a free one", e);
                }
                throw e;
            }
            LOG.info("Kafka broker ready on {} in {} ms (data in {})", broker.bootstrapServers(),
                    (System.nanoTime() - started) / 1_000_000, dataDirectory);
            return broker;
        }

        /** Writes meta.properties on first start, as {@code kafka-storage.sh format} would. */
        private static void format(Path logDir) throws IOException {
            Path meta = logDir.resolve("meta.properties");
            if (Files.exists(meta)) {
                return;
            }
            MetaProperties properties = new MetaProperties.Builder()
                    .setVersion(MetaPropertiesVersion.V1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setNodeId(NODE_ID)
                    .build();
            try (OutputStream out = Files.newOutputStream(meta)) {
                properties.toProperties().store(out, "formatted by cdclake");
            }
        }

        private void awaitReady(KafkaBroker broker) {
            Properties p = new Properties();
            p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            try (Admin admin = Admin.create(p)) {
                admin.describeCluster().nodes().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the Kafka broker on " + broker.bootstrapServers()
                        + " did not answer within " + startTimeout.toSeconds() + " s: " + e.getMessage(), e);
            }
        }
    }
}
