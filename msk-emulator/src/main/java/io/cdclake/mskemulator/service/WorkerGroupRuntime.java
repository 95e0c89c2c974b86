package io.cdclake.mskemulator.service;

import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectRestClient.ConnectorStatus;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.Shapes.AutoScaling;
import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.Plugin;
import io.cdclake.mskemulator.model.Shapes.WorkerConfigurationRef;
import io.cdclake.mskemulator.model.WorkerConfiguration;
import io.cdclake.mskemulator.runtime.ConnectorLogs;
import io.cdclake.mskemulator.runtime.ConnectorRuntimeException;
import io.cdclake.mskemulator.runtime.PluginInstaller;
import io.cdclake.mskemulator.runtime.WorkerGroup;
import io.cdclake.mskemulator.runtime.WorkerGroupSpec;
import io.cdclake.mskemulator.runtime.WorkerGroups;
import io.cdclake.mskemulator.runtime.WorkerProperties;
import io.cdclake.mskemulator.state.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Connectors on real Kafka Connect worker groups, one per connector: the group's plugin path holds only the
 * connector's custom plugin, its worker properties come from the worker configuration (or MSK Connect's default),
 * and in autoscaled mode the connector's {@code tasks.max} is set as MSK Connect sets it.
 */
final class WorkerGroupRuntime implements ConnectorRuntime {

    private static final Logger log = LoggerFactory.getLogger(WorkerGroupRuntime.class);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    /** MSK Connect gives each MCU of each worker two tasks in autoscaled mode. */
    private static final int TASKS_PER_MCU = 2;

    private final ResourceStore store;
    private final PluginInstaller installer;
    private final WorkerGroups groups;
    private final ConnectorLogs logs;
    private final Clock clock;
    private final Duration timeout;

    WorkerGroupRuntime(ResourceStore store, PluginInstaller installer, WorkerGroups groups, ConnectorLogs logs,
                       Clock clock, Duration timeout) {
        this.store = store;
        this.installer = installer;
        this.groups = groups;
        this.logs = logs;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public void start(Connector connector, List<Plugin> plugins, WorkerConfigurationRef workerConfiguration,
                      Capacity capacity, Map<String, String> configuration) throws ConnectorRuntimeException {
        long started = System.nanoTime();
        WorkerGroup group = groups.start(spec(connector, plugins, workerConfiguration));
        logs.of(connector.name(), Arns.idOf(connector.arn())).info("worker group " + group.groupId() + " started in "
                + String.format("%.1f s", (System.nanoTime() - started) / 1e9) + " (1 worker, requested capacity "
                + describe(capacity) + "; REST API " + group.restUrl() + ")");
        put(group, connector, capacity, configuration);
    }

    @Override
    public void reconfigure(Connector connector, Capacity capacity, Map<String, String> configuration)
            throws ConnectorRuntimeException {
        put(group(connector), connector, capacity, configuration);
    }

    private void put(WorkerGroup group, Connector connector, Capacity capacity, Map<String, String> configuration)
            throws ConnectorRuntimeException {
        requireConnectorClass(group, configuration);
        group.putConnectorConfig(connector.name(), withAutoscaledTasks(capacity, configuration));
    }

    /**
     * In autoscaled mode MSK Connect overrides {@code tasks.max}: workers × MCUs per worker × 2, at most
     * {@code maxAutoscalingTaskCount}. The emulator counts the workers a connector starts with (minWorkerCount).
     */
    static Map<String, String> withAutoscaledTasks(Capacity capacity, Map<String, String> configuration) {
        AutoScaling auto = capacity == null ? null : capacity.autoScaling();
        if (auto == null) {
            return configuration;
        }
        int tasks = auto.minWorkerCount() * auto.mcuCount() * TASKS_PER_MCU;
        if (auto.maxAutoscalingTaskCount() != null) {
            tasks = Math.min(tasks, auto.maxAutoscalingTaskCount());
        }
        Map<String, String> effective = new HashMap<>(configuration);
        effective.put("tasks.max", Integer.toString(tasks));
        return effective;
    }

    private WorkerGroupSpec spec(Connector connector, List<Plugin> plugins, WorkerConfigurationRef workerConfiguration)
            throws ConnectorRuntimeException {
        String pluginArn = plugins.get(0).customPlugin().customPluginArn();
        CustomPlugin plugin = store.customPlugin(pluginArn)
                .orElseThrow(() -> new ConnectorRuntimeException("PLUGIN_NOT_FOUND", "The connector's custom plugin "
                        + pluginArn + " no longer exists"));
        String pluginId = Arns.idOf(plugin.arn());
        if (!installer.isInstalled(pluginId)) {
            throw new ConnectorRuntimeException("PLUGIN_NOT_FOUND", "Custom plugin '" + plugin.name()
                    + "' is not installed under " + installer.pluginPath(pluginId) + ": delete and create it again");
        }
        Map<String, String> workerProperties = WorkerProperties.DEFAULTS;
        if (workerConfiguration != null) {
            String configurationArn = workerConfiguration.workerConfigurationArn();
            WorkerConfiguration configuration = store.workerConfiguration(configurationArn)
                    .orElseThrow(() -> new ConnectorRuntimeException("WORKER_CONFIGURATION_NOT_FOUND",
                            "The connector's worker configuration " + configurationArn + " no longer exists"));
            workerProperties = WorkerProperties.decode(configuration.propertiesFileContent());
        }
        return WorkerGroupSpec.of(connector.arn(), connector.name(), Arns.idOf(connector.arn()),
                connector.kafkaCluster().apacheKafkaCluster().bootstrapServers(), List.of(installer.pluginPath(pluginId)),
                plugin.declaredAsServices(), workerProperties);
    }

    private static void requireConnectorClass(WorkerGroup group, Map<String, String> configuration)
            throws ConnectorRuntimeException {
        String requested = configuration.get("connector.class");
        List<String> available = group.connectorClasses();
        boolean found = available.stream().anyMatch(c -> c.equals(requested) || simpleName(c).equals(requested)
                || simpleName(c).equals(requested + "Connector"));
        if (!found) {
            throw new ConnectorRuntimeException("CONNECTOR_CLASS_NOT_FOUND", "Connector class " + requested
                    + " was not found in the connector's plugins; they provide " + available);
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public void await(Connector connector, Target target, int stablePolls, BooleanSupplier wanted)
            throws ConnectorRuntimeException {
        WorkerGroup group = group(connector);
        Instant deadline = clock.instant().plus(timeout);
        int reachedPolls = 0;
        ConnectorStatus status = null;
        while (clock.instant().isBefore(deadline)) {
            if (!wanted.getAsBoolean()) {
                throw new ConnectorRuntimeException("CANCELLED", "The connector's state changed while it was awaited");
            }
            status = group.status(connector.name()).orElse(null);
            if (status != null) {
                Optional<ConnectorRuntimeException> failure = WorkerGroup.failure(status);
                if (failure.isPresent()) {
                    throw failure.get();
                }
            }
            reachedPolls = status != null && reached(status, target) ? reachedPolls + 1 : 0;
            if (reachedPolls >= stablePolls) {
                return;
            }
            sleep();
        }
        throw new ConnectorRuntimeException("START_TIMEOUT", "The connector was not " + target + " within "
                + timeout.toSeconds() + " s; last status: " + (status == null ? "none reported" : "connector "
                + status.connector().state() + ", tasks " + status.tasks().stream().map(ConnectRestClient.State::state).toList()));
    }

    private static boolean reached(ConnectorStatus status, Target target) {
        String state = target.name();
        return state.equals(status.connector().state()) && !status.tasks().isEmpty()
                && status.tasks().stream().allMatch(t -> state.equals(t.state()));
    }

    @Override
    public void pause(Connector connector) throws ConnectorRuntimeException {
        group(connector).pause(connector.name());
    }

    @Override
    public void resume(Connector connector) throws ConnectorRuntimeException {
        group(connector).resume(connector.name());
    }

    @Override
    public void restart(Connector connector, boolean onlyFailedTasks) throws ConnectorRuntimeException {
        group(connector).restart(connector.name(), onlyFailedTasks);
    }

    @Override
    public Optional<ConnectorRuntimeException> failure(Connector connector) throws ConnectorRuntimeException {
        Optional<WorkerGroup> group = groups.get(connector.arn());
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return group.get().status(connector.name()).flatMap(WorkerGroup::failure);
    }

    @Override
    public void remove(Connector connector) {
        groups.get(connector.arn()).ifPresent(group -> {
            try {
                group.deleteConnector(connector.name());
            } catch (ConnectorRuntimeException e) {
                log.debug("Connector {}: removing it from its worker group failed: {}", connector.name(), e.getMessage());
            }
        });
        groups.stop(connector.arn());
    }

    @Override
    public void stop(Connector connector) {
        groups.stop(connector.arn());
    }

    private WorkerGroup group(Connector connector) throws ConnectorRuntimeException {
        return groups.get(connector.arn()).orElseThrow(() -> new ConnectorRuntimeException("WORKER_GROUP_MISSING",
                "The connector's worker group is not running"));
    }

    static String describe(Capacity capacity) {
        if (capacity.provisionedCapacity() != null) {
            return capacity.provisionedCapacity().workerCount() + " worker(s) x " + capacity.provisionedCapacity().mcuCount() + " MCU";
        }
        AutoScaling auto = capacity.autoScaling();
        return "auto scaling " + auto.minWorkerCount() + "-" + auto.maxWorkerCount() + " worker(s) x " + auto.mcuCount() + " MCU"
                + (auto.maxAutoscalingTaskCount() == null ? "" : ", at most " + auto.maxAutoscalingTaskCount() + " tasks");
    }

    private static void sleep() throws ConnectorRuntimeException {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorRuntimeException("CANCELLED", "The emulator is shutting down");
        }
    }

    @Override
    public void close() {
        groups.close();
    }
}
