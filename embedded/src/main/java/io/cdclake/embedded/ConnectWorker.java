package io.cdclake.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.runtime.Connect;
import org.awaitility.core.ConditionTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A real Kafka Connect worker in distributed mode in this JVM, with its REST API on localhost. Plugins load
 * from {@code plugin.path} with Connect's own isolation, as on a real cluster. Several workers with different
 * group ids may run side by side (the MSK Connect emulator runs one group per connector). Connectors, their
 * configurations and source offsets live in the group's internal topics, so a worker started again with the same
 * group and topics resumes them.
 */
public final class ConnectWorker implements AutoCloseable {

    /**
     * Where a plugin jar declares its connectors for {@code plugin.discovery=service_load} (KIP-898); a plugin
     * without them is found only by scanning ({@code hybrid_warn}).
     */
    public static final List<String> CONNECTOR_SERVICE_FILES = List.of(
            "META-INF/services/org.apache.kafka.connect.source.SourceConnector",
            "META-INF/services/org.apache.kafka.connect.sink.SinkConnector");


    private static final Logger LOG = LoggerFactory.getLogger(ConnectWorker.class);
    /** Kafka's group.min.session.timeout.ms, and a third of it between heartbeats. */
    private static final String GROUP_SESSION_TIMEOUT_MS = "6000";
    private static final String GROUP_HEARTBEAT_INTERVAL_MS = "2000";

    private final Connect connect;
    private final URI restUrl;
    private final String groupId;
    private boolean closed;

    private ConnectWorker(Connect connect, URI restUrl, String groupId) {
        this.connect = connect;
        this.restUrl = restUrl;
        this.groupId = groupId;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://localhost:<port>}. */
    public URI restUrl() {
        return restUrl;
    }

    public String groupId() {
        return groupId;
    }

    /** Stops the worker (its connectors stay in the group's config topic) and frees the REST port. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long started = System.nanoTime();
        connect.stop();
        connect.awaitStop();
        LOG.info("Kafka Connect worker of group {} at {} stopped in {} ms", groupId, restUrl,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public String toString() {
        return "ConnectWorker[" + groupId + " " + restUrl + "]";
    }

    /** Settings of a worker to start; the worker itself is immutable. */
    public static final class Builder {
        private String bootstrapServers;
        private String groupId = "cdclake-connect";
        private String internalTopicPrefix;
        private final List<Path> pluginPath = new ArrayList<>();
        private int restPort;
        private final Map<String, String> workerProperties = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {
        }

        /** The Kafka cluster, {@code host:port[,host:port...]}. Required. */
        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The worker group ({@code cdclake-connect} by default); workers with the same id share connectors. */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** Names the config, offset and status topics {@code <prefix>-configs} etc.; the group id by default. */
        public Builder internalTopicPrefix(String internalTopicPrefix) {
            this.internalTopicPrefix = Objects.requireNonNull(internalTopicPrefix, "internalTopicPrefix");
            return this;
        }

        /** Directories holding one sub-directory (or zip/jar) per plugin; each must exist. */
        public Builder pluginPath(List<Path> pluginPath) {
            this.pluginPath.clear();
            this.pluginPath.addAll(pluginPath);
            return this;
        }

        /** The REST port; 0 (the default) picks a free one. */
        public Builder restPort(int restPort) {
            this.restPort = BuilderChecks.port("ConnectWorker", "restPort", restPort);
            return this;
        }

        /**
         * A worker property, applied over the defaults (e.g. a worker configuration's properties, or
         * {@code plugin.discovery=hybrid_warn} for plugins without {@code META-INF/services} entries).
         */
        public Builder workerProperty(String name, String value) {
            workerProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long {@link #start()} waits for the REST API to answer (90 s by default). */
        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        /**
         * Starts the worker and returns once its REST API answers and it has read its group's internal topics, so
         * that a worker started again lists its connectors at once.
         */
        public ConnectWorker start() {
            validate();
            long started = System.nanoTime();
            requireReachable();
            int port = restPort > 0 ? restPort : Ports.free();
            Map<String, String> p = properties(port);
            Connect connect = startConnect(p, port);
            ConnectWorker worker = new ConnectWorker(connect, URI.create("http://localhost:" + port), groupId);
            try {
                new ConnectRestClient(worker.restUrl()).awaitReady(startTimeout);
                awaitInternalTopicsRead(connect);
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            LOG.info("Kafka Connect worker of group {} ready at {} in {} ms (plugin.discovery={}, plugin.path={})",
                    groupId, worker.restUrl(), (System.nanoTime() - started) / 1_000_000, p.get("plugin.discovery"),
                    p.getOrDefault("plugin.path", "none"));
            return worker;
        }

        /** The herder runs once it has read the config, offset and status topics; REST answers before that. */
        private void awaitInternalTopicsRead(Connect connect) {
            try {
                await("the worker of group " + groupId).atMost(startTimeout).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(50)).until(connect::isRunning);
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("ConnectWorker: the worker of group " + groupId + " did not read its"
                        + " internal topics within " + startTimeout.toSeconds() + " s; see the Kafka Connect log", e);
            }
        }

        private void validate() {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalStateException("ConnectWorker: bootstrapServers is not set; give the Kafka cluster's"
                        + " host:port with bootstrapServers(String)");
            }
            if (groupId.isBlank()) {
                throw new IllegalStateException("ConnectWorker: groupId is blank; give the worker group's name with groupId(String)");
            }
            for (Path dir : pluginPath) {
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException("ConnectWorker: plugin path entry " + dir + " is not a directory;"
                            + " give directories that hold one folder or zip per plugin");
                }
            }
        }

        /** Connect would wait for an absent cluster for minutes; fail fast with the address instead. */
        private void requireReachable() {
            long timeoutMs = Math.min(startTimeout.toMillis(), 30_000);
            Map<String, Object> settings = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeoutMs);
            try (Admin admin = Admin.create(settings)) {
                admin.describeCluster().clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("ConnectWorker: interrupted while reaching Kafka at " + bootstrapServers, e);
            } catch (Exception e) {
                throw new IllegalStateException("ConnectWorker: no Kafka broker answered at " + bootstrapServers
                        + " within " + timeoutMs / 1000 + " s; start the broker first or fix bootstrapServers", e);
            }
        }

        private Map<String, String> properties(int port) {
            String prefix = internalTopicPrefix != null ? internalTopicPrefix : groupId;
            Map<String, String> p = new LinkedHashMap<>();
            p.put("bootstrap.servers", bootstrapServers);
            p.put("group.id", groupId);
            p.put("config.storage.topic", prefix + "-configs");
            p.put("offset.storage.topic", prefix + "-offsets");
            p.put("status.storage.topic", prefix + "-status");
            p.put("config.storage.replication.factor", "1");
            p.put("offset.storage.replication.factor", "1");
            p.put("status.storage.replication.factor", "1");
            p.put("offset.storage.partitions", "1");
            p.put("status.storage.partitions", "1");
            p.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            p.put("listeners", "http://localhost:" + port);
            p.put("rest.advertised.host.name", "localhost");
            p.put("rest.advertised.port", Integer.toString(port));
            // Plugins ship META-INF/services entries (KIP-898): no class-path scanning, half the start time.
            p.put("plugin.discovery", "service_load");
            // Offsets (and so a sink's progress) are committed every few seconds rather than every minute.
            p.put("offset.flush.interval.ms", "2000");
            p.put("connector.client.config.override.policy", "All");
            // One worker per group: a task whose worker left is reassigned at once, not after 5 minutes.
            p.put("scheduled.rebalance.max.delay.ms", "0");
            // A worker killed without leaving its groups is waited for until its sessions expire (the worker's
            // 10 s, a sink consumer's 45 s) before its successor gets the tasks: the broker's minimum instead.
            p.put("session.timeout.ms", GROUP_SESSION_TIMEOUT_MS);
            p.put("heartbeat.interval.ms", GROUP_HEARTBEAT_INTERVAL_MS);
            p.put("consumer.session.timeout.ms", GROUP_SESSION_TIMEOUT_MS);
            p.put("consumer.heartbeat.interval.ms", GROUP_HEARTBEAT_INTERVAL_MS);
            if (!pluginPath.isEmpty()) {
                p.put("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
            }
            p.putAll(workerProperties);
            return p;
        }

        private Connect startConnect(Map<String, String> p, int port) {
            // startConnect makes the calling thread's context class loader Connect's plugin loader; put it back, or
            // this thread would keep seeing one worker's plugins after starting it.
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try {
                return new ConnectDistributed().startConnect(p);
            } catch (ConnectException e) {
                if (Ports.isBindFailure(e)) {
                    throw new IllegalStateException("ConnectWorker: restPort " + port + " is in use; give another"
                            + " port, or 0 for a free one", e);
                }
                throw new IllegalStateException("ConnectWorker: the worker of group " + groupId + " did not start: "
                        + e.getMessage(), e);
            } finally {
                thread.setContextClassLoader(previous);
            }
        }
    }
}
