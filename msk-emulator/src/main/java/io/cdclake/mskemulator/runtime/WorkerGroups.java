package io.cdclake.mskemulator.runtime;

import io.cdclake.embedded.ConnectWorker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/** The running worker groups, one per connector, keyed by connector ARN. */
public final class WorkerGroups implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WorkerGroups.class);
    private static final Duration CLUSTER_TIMEOUT = Duration.ofSeconds(15);

    private final Map<String, WorkerGroup> groups = new ConcurrentHashMap<>();
    /** The groups {@link #stopAll()} stopped, to be started again on the same settings. */
    private final Map<String, WorkerGroupSpec> stopped = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * Starts the group (replacing one the connector still has) and waits until its REST API answers. The Kafka
     * cluster is reached first: a Connect worker would otherwise wait for it without end.
     */
    public WorkerGroup start(WorkerGroupSpec spec) throws ConnectorRuntimeException {
        stop(spec.connectorArn());
        requireReachable(spec.bootstrapServers());
        ConnectWorker.Builder builder = ConnectWorker.builder()
                .bootstrapServers(spec.bootstrapServers())
                .groupId(spec.groupId())
                .pluginPath(spec.pluginPath())
                .workerProperty("config.storage.topic", spec.configTopic())
                .workerProperty("offset.storage.topic", spec.offsetTopic())
                .workerProperty("status.storage.topic", spec.statusTopic());
        spec.workerProperties().forEach(builder::workerProperty);
        ConnectWorker worker;
        try {
            worker = builder.start();
        } catch (RuntimeException e) {
            throw new ConnectorRuntimeException("WORKER_START_FAILED", "The connector's worker group did not start: "
                    + e.getMessage(), null, e);
        }
        WorkerGroup group = new WorkerGroup(worker, spec);
        if (closed) {
            group.close();
            throw new ConnectorRuntimeException("CANCELLED", "The emulator is shutting down");
        }
        groups.put(spec.connectorArn(), group);
        stopped.remove(spec.connectorArn());
        return group;
    }

    /**
     * Stops every group's worker as a crash of the workers would, keeping what each needs to start again: the
     * connectors stay in their groups' config topics and resume from their offsets on {@link #startStopped()}.
     */
    public void stopAll() {
        for (Map.Entry<String, WorkerGroup> group : Map.copyOf(groups).entrySet()) {
            stopped.put(group.getKey(), group.getValue().spec());
            stop(group.getKey());
        }
    }

    /** Starts the groups {@link #stopAll()} stopped again, on the same group ids and internal topics. */
    public void startStopped() throws ConnectorRuntimeException {
        for (WorkerGroupSpec spec : List.copyOf(stopped.values())) {
            start(spec);
        }
    }

    private static void requireReachable(String bootstrapServers) throws ConnectorRuntimeException {
        Map<String, Object> settings = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CLUSTER_TIMEOUT.toMillis(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CLUSTER_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().clusterId().get();
        } catch (ExecutionException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw new ConnectorRuntimeException("KAFKA_CLUSTER_UNREACHABLE", "The Kafka cluster at " + bootstrapServers
                    + " cannot be reached within " + CLUSTER_TIMEOUT.toSeconds() + " s: " + cause.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorRuntimeException("CANCELLED", "The emulator is shutting down");
        }
    }

    public Optional<WorkerGroup> get(String connectorArn) {
        return Optional.ofNullable(groups.get(connectorArn));
    }

    public void stop(String connectorArn) {
        WorkerGroup group = groups.remove(connectorArn);
        if (group != null) {
            long started = System.nanoTime();
            group.close();
            log.debug("worker group {} stopped in {} ms", group.groupId(), (System.nanoTime() - started) / 1_000_000);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (String connectorArn : List.copyOf(groups.keySet())) {
            stop(connectorArn);
        }
    }
}
