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
import java.util.function.Consumer;

/**
 * A real Kafka broker in this JVM, in KRaft mode (one node that is broker and controller), plaintext on
 * localhost. Its log directory is formatted on first start and reused afterwards, so a restart keeps topics,
 * offsets and Connect's internal topics. Configured as the article's MSK cluster: topics are created on first use
 * and may be deleted.
 */
public final class KafkaBroker implements KafkaCluster {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBroker.class);
    private static final int NODE_ID = 1;
    /** Kafka's lock in the log directory, held by the JVM whose broker runs there. */
    private static final String LOCK_FILE = ".lock";
    /** Written by a broker that stopped cleanly, taken away as the next one starts. */
    private static final String CLEAN_SHUTDOWN_FILE = ".kafka_cleanshutdown";
    private static final int SESSION_TIMEOUT_MS = 2000;

    private final Properties config;
    private final int port;
    private final Duration startTimeout;
    private KafkaRaftServer server;
    private boolean closed;

    private KafkaBroker(Properties config, int port, Duration startTimeout) {
        this.config = config;
        this.port = port;
        this.startTimeout = startTimeout;
        this.server = new KafkaRaftServer(KafkaConfig.fromProps(config), Time.SYSTEM);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code localhost:<port>}. */
    @Override
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
            stop();
        }
    }

    private void stop() {
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    private void awaitReady() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            admin.describeCluster().nodes().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the Kafka broker on " + bootstrapServers()
                    + " did not answer within " + startTimeout.toSeconds() + " s: " + e.getMessage(), e);
        }
    }

    /** Immutable settings of a broker to start. */
    public static final class Builder {
        private Path dataDirectory;
        private int port;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(60);
        private Consumer<String> recoveries = LOG::warn;

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

        /** Where a start says what an earlier, killed runner left on the data directory and what it did about it. */
        public Builder recoveries(Consumer<String> recoveries) {
            this.recoveries = Objects.requireNonNull(recoveries, "recoveries");
            return this;
        }

        public KafkaBroker start() throws IOException {
            BuilderChecks.requireDataDirectory("KafkaBroker", dataDirectory, "the broker's log");
            long started = System.nanoTime();
            Path logDir = dataDirectory.resolve("log");
            Files.createDirectories(logDir);
            DirectoryLock.requireFree("KafkaBroker", logDir.resolve(LOCK_FILE));
            if (Files.exists(logDir.resolve("meta.properties")) && !Files.exists(logDir.resolve(CLEAN_SHUTDOWN_FILE))) {
                recoveries.accept("the last Kafka broker on " + dataDirectory + " did not stop cleanly; it recovers"
                        + " its log, and its old registration expires in " + SESSION_TIMEOUT_MS + " ms");
            }
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
            // A broker started again after a SIGKILL finds its old registration live for the session timeout (9 s
            // by default: DUPLICATE_BROKER_REGISTRATION until then); on one in-process node that registration can
            // only be this broker's own dead incarnation.
            p.put("broker.session.timeout.ms", Integer.toString(SESSION_TIMEOUT_MS));
            p.put("broker.heartbeat.interval.ms", Integer.toString(SESSION_TIMEOUT_MS / 4));
            properties.forEach(p::put);
            format(logDir);
            KafkaBroker broker = new KafkaBroker(p, clientPort, startTimeout);
            try {
                broker.server.startup();
                broker.awaitReady();
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
    }
}
