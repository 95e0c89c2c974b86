package io.cdclake.mskemulator.runtime;

import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectRestClient.ConnectRestException;
import io.cdclake.embedded.ConnectRestClient.ConnectorStatus;
import io.cdclake.embedded.ConnectWorker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** One connector's Kafka Connect worker group (one worker locally) and its REST API. */
public final class WorkerGroup implements AutoCloseable {

    private final ConnectWorker worker;
    private final ConnectRestClient rest;
    private final WorkerGroupSpec spec;

    WorkerGroup(ConnectWorker worker, WorkerGroupSpec spec) {
        this.worker = worker;
        this.spec = spec;
        this.rest = new ConnectRestClient(worker.restUrl());
    }

    /** How the group was started: what starts it again. */
    public WorkerGroupSpec spec() {
        return spec;
    }

    public String groupId() {
        return worker.groupId();
    }

    public String restUrl() {
        return worker.restUrl().toString();
    }

    /** The connector classes this group's plugins provide. */
    public List<String> connectorClasses() throws ConnectorRuntimeException {
        return call(() -> rest.plugins().stream()
                .filter(p -> "source".equals(p.type()) || "sink".equals(p.type()))
                .map(ConnectRestClient.PluginInfo::className)
                .sorted().toList());
    }

    /** Creates the connector on the group, or replaces its configuration. */
    public void putConnectorConfig(String name, Map<String, String> configuration) throws ConnectorRuntimeException {
        try {
            rest.putConfig(name, configuration);
        } catch (ConnectRestException e) {
            String code = e.status() >= 400 && e.status() < 500 ? "INVALID_CONNECTOR_CONFIGURATION" : "CONNECTOR_CREATION_FAILED";
            throw new ConnectorRuntimeException(code, "Kafka Connect refused the connector configuration: " + e.getMessage(), null, e);
        }
    }

    public Optional<ConnectorStatus> status(String name) throws ConnectorRuntimeException {
        return call(() -> rest.status(name));
    }

    public void deleteConnector(String name) throws ConnectorRuntimeException {
        call(() -> {
            rest.delete(name);
            return null;
        });
    }

    /** Pauses the connector and its tasks (Connect keeps the paused state in the group's config topic). */
    public void pause(String name) throws ConnectorRuntimeException {
        call(() -> {
            rest.pause(name);
            return null;
        });
    }

    public void resume(String name) throws ConnectorRuntimeException {
        call(() -> {
            rest.resume(name);
            return null;
        });
    }

    /** Restarts the connector and all its tasks, or only the failed ones. */
    public void restart(String name, boolean onlyFailedTasks) throws ConnectorRuntimeException {
        call(() -> {
            rest.restart(name, onlyFailedTasks);
            return null;
        });
    }

    /** A call to the group's REST API; a group that does not answer is WORKER_UNAVAILABLE. */
    private static <T> T call(Supplier<T> request) throws ConnectorRuntimeException {
        try {
            return request.get();
        } catch (ConnectRestException e) {
            throw new ConnectorRuntimeException("WORKER_UNAVAILABLE", e.getMessage(), null, e);
        }
    }

    /** Why the connector or one of its tasks failed, with Connect's trace, if one did. */
    public static Optional<ConnectorRuntimeException> failure(ConnectorStatus status) {
        if ("FAILED".equals(status.connector().state())) {
            String trace = status.connector().trace();
            return Optional.of(new ConnectorRuntimeException("CONNECTOR_FAILED", "The connector failed: " + firstLine(trace), trace, null));
        }
        return status.tasks().stream().filter(t -> "FAILED".equals(t.state())).findFirst()
                .map(t -> new ConnectorRuntimeException("TASK_FAILED", "Task " + t.id() + " failed: " + firstLine(t.trace()),
                        t.trace(), null));
    }

    private static String firstLine(String trace) {
        return trace == null || trace.isBlank() ? "no reason given" : trace.strip().lines().findFirst().orElse("");
    }

    /** Stops the group's worker; the connector stays in the group's config topic. */
    @Override
    public void close() {
        worker.close();
    }
}
