package io.cdclake.embedded;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.runtime.Connect;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A real Kafka Connect worker in distributed mode in this JVM, with its REST API on localhost. Plugins load
 * from {@code plugin.path} with Connect's own isolation, as on a real cluster. Several workers with different
 * group ids may run side by side (the MSK Connect emulator runs one group per connector).
 */
public final class ConnectWorker implements AutoCloseable {

    private final Connect connect;
    private final URI restUrl;
    private final String groupId;

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

    @Override
    public void close() {
        connect.stop();
        connect.awaitStop();
    }

    /** Immutable settings of a worker to start. */
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

        public Builder bootstrapServers(String bootstrapServers) {
            this.bootstrapServers = Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            return this;
        }

        /** The worker group; workers with the same id share connectors. */
        public Builder groupId(String groupId) {
            this.groupId = Objects.requireNonNull(groupId, "groupId");
            return this;
        }

        /** Names the config, offset and status topics {@code <prefix>-configs} etc.; the group id by default. */
        public Builder internalTopicPrefix(String internalTopicPrefix) {
            this.internalTopicPrefix = Objects.requireNonNull(internalTopicPrefix, "internalTopicPrefix");
            return this;
        }

        /** Directories holding one sub-directory (or zip/jar) per plugin. */
        public Builder pluginPath(List<Path> pluginPath) {
            this.pluginPath.clear();
            this.pluginPath.addAll(pluginPath);
            return this;
        }

        /** The REST port; 0 (the default) picks a free one. */
        public Builder restPort(int restPort) {
            if (restPort < 0 || restPort > 65535) {
                throw new IllegalArgumentException("restPort must be 0..65535, was " + restPort);
            }
            this.restPort = restPort;
            return this;
        }

        /** A worker property, applied over the defaults (e.g. a worker configuration's properties). */
        public Builder workerProperty(String name, String value) {
            workerProperties.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
            return this;
        }

        public ConnectWorker start() {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers is required");
            String prefix = internalTopicPrefix != null ? internalTopicPrefix : groupId;
            int port = restPort > 0 ? restPort : FreePort.pick();
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
            p.put("scheduled.rebalance.max.delay.ms", "0");
            if (!pluginPath.isEmpty()) {
                p.put("plugin.path", pluginPath.stream().map(Path::toString).collect(Collectors.joining(",")));
            }
            p.putAll(workerProperties);
            Connect connect = new ConnectDistributed().startConnect(p);
            ConnectWorker worker = new ConnectWorker(connect, URI.create("http://localhost:" + port), groupId);
            try {
                new ConnectRestClient(worker.restUrl()).awaitReady(startTimeout);
            } catch (RuntimeException e) {
                worker.close();
                throw e;
            }
            return worker;
        }
    }
}
