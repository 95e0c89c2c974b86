package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.ConnectRestClient.ConnectorStatus;
import io.cdclake.mskemulator.api.ApiException;
import io.cdclake.mskemulator.api.ApiRequest;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorOperation;
import io.cdclake.mskemulator.model.ConnectorOperation.Step;
import io.cdclake.mskemulator.model.ConnectorOperation.StepState;
import io.cdclake.mskemulator.model.ConnectorState;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.CustomPluginState;
import io.cdclake.mskemulator.model.OperationState;
import io.cdclake.mskemulator.model.OperationType;
import io.cdclake.mskemulator.model.Requests.CreateConnector;
import io.cdclake.mskemulator.model.Requests.UpdateConnector;
import io.cdclake.mskemulator.model.Shapes.ApacheKafkaCluster;
import io.cdclake.mskemulator.model.Shapes.AutoScaling;
import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.CustomPluginRef;
import io.cdclake.mskemulator.model.Shapes.LogDelivery;
import io.cdclake.mskemulator.model.Shapes.Plugin;
import io.cdclake.mskemulator.model.Shapes.ScalingPolicy;
import io.cdclake.mskemulator.model.Shapes.StateDescription;
import io.cdclake.mskemulator.model.Shapes.WorkerConfigurationRef;
import io.cdclake.mskemulator.model.Shapes.WorkerLogDelivery;
import io.cdclake.mskemulator.model.WorkerConfiguration;
import io.cdclake.mskemulator.runtime.ConnectorLog;
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

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The connector operations and the state machine behind them. As on MSK Connect, each connector runs on its own
 * Kafka Connect worker group; the slow work (starting a group, waiting for the connector and its tasks, applying an
 * update, tearing down) runs in the background, one job at a time per connector, while the API answers at once
 * with the state the connector is in: CREATING → RUNNING | FAILED, RUNNING → UPDATING → RUNNING, → DELETING → gone.
 */
final class ConnectorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorService.class);
    /** MSK Connect's default CPU thresholds when auto scaling names no policy. */
    private static final int DEFAULT_SCALE_IN_PERCENT = 20;
    private static final int DEFAULT_SCALE_OUT_PERCENT = 80;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(500);
    private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(5);
    /** After an update, the connector must report RUNNING this many polls in a row, so a restart is not missed. */
    private static final int STABLE_POLLS_AFTER_UPDATE = 3;
    private static final Set<ConnectorState> LIVE = Set.of(ConnectorState.CREATING, ConnectorState.RUNNING, ConnectorState.UPDATING);

    private final ResourceStore store;
    private final Arns arns;
    private final Views views;
    private final CustomPluginService plugins;
    private final WorkerConfigurationService workerConfigurations;
    private final PluginInstaller installer;
    private final WorkerGroups groups;
    private final ConnectorLogs logs;
    private final Clock clock;
    private final Duration startTimeout;
    private final ExecutorService jobs;
    private final ScheduledExecutorService monitor;
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ConnectorService(ResourceStore store, Arns arns, Views views, CustomPluginService plugins,
                     WorkerConfigurationService workerConfigurations, PluginInstaller installer, WorkerGroups groups,
                     ConnectorLogs logs, Clock clock, Duration startTimeout) {
        this.store = store;
        this.arns = arns;
        this.views = views;
        this.plugins = plugins;
        this.workerConfigurations = workerConfigurations;
        this.installer = installer;
        this.groups = groups;
        this.logs = logs;
        this.clock = clock;
        this.startTimeout = startTimeout;
        AtomicInteger threads = new AtomicInteger();
        this.jobs = Executors.newCachedThreadPool(r -> daemon(r, "msk-emulator-connector-" + threads.incrementAndGet()));
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "msk-emulator-monitor"));
        monitor.scheduleWithFixedDelay(this::checkRunningConnectors, MONITOR_INTERVAL.toMillis(),
                MONITOR_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- CreateConnector

    synchronized ObjectNode create(ApiRequest request) {
        CreateConnector body = request.body(CreateConnector.class);
        String name = Validation.name(body.connectorName(), "connectorName");
        Validation.description(body.connectorDescription(), "connectorDescription");
        Validation.capacity(body.capacity(), "capacity", false);
        Map<String, String> configuration = Validation.required(body.connectorConfiguration(), "connectorConfiguration");
        Validation.required(configuration.get("connector.class"), "connectorConfiguration 'connector.class'");
        ApacheKafkaCluster kafka = Validation.required(
                Validation.required(body.kafkaCluster(), "kafkaCluster").apacheKafkaCluster(), "kafkaCluster.apacheKafkaCluster");
        Validation.bootstrapServers(kafka.bootstrapServers(), "kafkaCluster.apacheKafkaCluster.bootstrapServers");
        Validation.required(kafka.vpc(), "kafkaCluster.apacheKafkaCluster.vpc");
        if (kafka.vpc().subnets() == null || kafka.vpc().subnets().isEmpty()) {
            throw ApiException.badRequest("kafkaCluster.apacheKafkaCluster.vpc.subnets is required: name at least one subnet");
        }
        String authentication = Validation.oneOf(Validation.required(body.kafkaClusterClientAuthentication(),
                "kafkaClusterClientAuthentication").authenticationType(), AuthenticationType.class,
                "kafkaClusterClientAuthentication.authenticationType").name();
        String encryption = Validation.oneOf(Validation.required(body.kafkaClusterEncryptionInTransit(),
                "kafkaClusterEncryptionInTransit").encryptionType(), EncryptionType.class,
                "kafkaClusterEncryptionInTransit.encryptionType").name();
        if (authentication.equals("IAM") && !encryption.equals("TLS")) {
            throw ApiException.badRequest("kafkaClusterClientAuthentication IAM requires kafkaClusterEncryptionInTransit TLS"
                    + " (it is " + encryption + ")");
        }
        Validation.kafkaConnectVersion(body.kafkaConnectVersion(), "kafkaConnectVersion");
        Validation.iamRoleArn(body.serviceExecutionRoleArn(), "serviceExecutionRoleArn");
        logDelivery(body.logDelivery());
        Validation.tags(body.tags(), "tags");
        CustomPlugin plugin = plugin(body.plugins());
        workerConfiguration(body.workerConfiguration());
        if (store.connectors().stream().anyMatch(c -> c.name().equals(name))) {
            throw ApiException.conflict("A connector named '" + name + "' already exists: choose another name");
        }

        Connector connector = new Connector(arns.newArn(Arns.Kind.CONNECTOR, name), name, body.connectorDescription(),
                ConnectorState.CREATING, null, clock.instant(), newVersion(), withDefaultPolicies(body.capacity()),
                configuration, body.kafkaCluster(), body.kafkaClusterClientAuthentication(),
                body.kafkaClusterEncryptionInTransit(), body.kafkaConnectVersion(), body.logDelivery(), body.plugins(),
                body.serviceExecutionRoleArn(), body.workerConfiguration());
        store.putConnector(connector, body.tags());
        ConnectorLog connectorLog = logOf(connector);
        connectorLog.info("CREATING with custom plugin " + plugin.name() + " (" + plugin.arn() + "), Kafka Connect "
                + connector.kafkaConnectVersion() + ", bootstrap servers " + kafka.bootstrapServers());
        connectorLog.info("recorded, not applied locally: client authentication " + authentication + ", encryption in transit "
                + encryption + ", VPC subnets " + kafka.vpc().subnets() + ", service execution role "
                + connector.serviceExecutionRoleArn() + "; the worker group connects in PLAINTEXT without authentication");
        enqueue(connector.arn(), () -> provision(connector.arn(), false));
        return views.object("connectorArn", connector.arn(), "connectorName", name, "connectorState", connector.state());
    }

    private enum AuthenticationType { NONE, IAM }

    private enum EncryptionType { PLAINTEXT, TLS }

    private CustomPlugin plugin(List<Plugin> requested) {
        if (requested == null || requested.size() != 1) {
            throw ApiException.badRequest("plugins must be a list of exactly one custom plugin (it has "
                    + (requested == null ? 0 : requested.size()) + "): MSK Connect takes one plugin per connector;"
                    + " bundle several plugins into one custom plugin ZIP");
        }
        CustomPluginRef ref = Validation.required(requested.get(0).customPlugin(), "plugins[0].customPlugin");
        Validation.kafkaconnectArn(ref.customPluginArn(), "plugins[0].customPlugin.customPluginArn");
        Validation.required(ref.revision(), "plugins[0].customPlugin.revision");
        CustomPlugin plugin = plugins.find(ref.customPluginArn());
        if (ref.revision() != plugin.revision()) {
            throw ApiException.notFound("Revision " + ref.revision() + " of custom plugin " + plugin.arn()
                    + " does not exist: its revision is " + plugin.revision());
        }
        if (plugin.state() != CustomPluginState.ACTIVE) {
            throw ApiException.badRequest("Custom plugin '" + plugin.name() + "' is " + plugin.state()
                    + ": a connector needs an ACTIVE plugin" + (plugin.stateDescription() == null ? ""
                    : " (" + plugin.stateDescription().message() + ")"));
        }
        return plugin;
    }

    private void workerConfiguration(WorkerConfigurationRef ref) {
        if (ref == null) {
            return;
        }
        Validation.kafkaconnectArn(ref.workerConfigurationArn(), "workerConfiguration.workerConfigurationArn");
        Validation.required(ref.revision(), "workerConfiguration.revision");
        WorkerConfiguration configuration = workerConfigurations.find(ref.workerConfigurationArn());
        if (ref.revision() != configuration.revision()) {
            throw ApiException.notFound("Revision " + ref.revision() + " of worker configuration " + configuration.arn()
                    + " does not exist: its revision is " + configuration.revision());
        }
    }

    private static void logDelivery(LogDelivery delivery) {
        if (delivery == null) {
            return;
        }
        WorkerLogDelivery worker = Validation.required(delivery.workerLogDelivery(), "logDelivery.workerLogDelivery");
        if (worker.cloudWatchLogs() != null) {
            Boolean enabled = Validation.required(worker.cloudWatchLogs().enabled(), "logDelivery.workerLogDelivery.cloudWatchLogs.enabled");
            if (enabled) {
                Validation.required(worker.cloudWatchLogs().logGroup(), "logDelivery.workerLogDelivery.cloudWatchLogs.logGroup");
            }
        }
        if (worker.firehose() != null) {
            Boolean enabled = Validation.required(worker.firehose().enabled(), "logDelivery.workerLogDelivery.firehose.enabled");
            if (enabled) {
                Validation.required(worker.firehose().deliveryStream(), "logDelivery.workerLogDelivery.firehose.deliveryStream");
            }
        }
        if (worker.s3() != null) {
            Boolean enabled = Validation.required(worker.s3().enabled(), "logDelivery.workerLogDelivery.s3.enabled");
            if (enabled) {
                Validation.required(worker.s3().bucket(), "logDelivery.workerLogDelivery.s3.bucket");
            }
        }
    }

    private static Capacity withDefaultPolicies(Capacity capacity) {
        AutoScaling auto = capacity.autoScaling();
        if (auto == null) {
            return capacity;
        }
        return new Capacity(new AutoScaling(auto.maxWorkerCount(), auto.mcuCount(), auto.minWorkerCount(),
                auto.scaleInPolicy() != null ? auto.scaleInPolicy() : new ScalingPolicy(DEFAULT_SCALE_IN_PERCENT),
                auto.scaleOutPolicy() != null ? auto.scaleOutPolicy() : new ScalingPolicy(DEFAULT_SCALE_OUT_PERCENT)), null);
    }

    // ---- provisioning: CREATING -> RUNNING | FAILED

    /**
     * Starts the connector's worker group and the connector on it, then waits until the connector and its tasks
     * run. {@code resuming} is true when an emulator restart brings back a connector that was RUNNING.
     */
    private void provision(String arn, boolean resuming) {
        Connector connector = store.connector(arn).orElse(null);
        ConnectorState expected = resuming ? ConnectorState.RUNNING : ConnectorState.CREATING;
        if (connector == null || connector.state() != expected) {
            return;
        }
        ConnectorLog connectorLog = logOf(connector);
        long started = System.nanoTime();
        try {
            WorkerGroup group = groups.start(spec(connector));
            connectorLog.info("worker group " + group.groupId() + " started in " + elapsed(started) + " (1 worker,"
                    + " requested capacity " + describe(connector.capacity()) + "; REST API " + group.restUrl() + ")");
            requireConnectorClass(group, connector.configuration());
            group.putConnectorConfig(connector.name(), connector.configuration());
            awaitRunning(group, connector, 1);
            if (store.replaceConnector(arn, c -> c.state() == expected, c -> c.withState(ConnectorState.RUNNING, null))) {
                connectorLog.info((resuming ? "RUNNING again after the emulator restarted" : "RUNNING") + " after " + elapsed(started));
            }
        } catch (ConnectorRuntimeException e) {
            fail(arn, expected, e);
        } catch (RuntimeException e) {
            log.error("Connector {}: provisioning failed", connector.name(), e);
            fail(arn, expected, new ConnectorRuntimeException("INTERNAL_ERROR", "The emulator failed to start the connector: " + e));
        }
    }

    private WorkerGroupSpec spec(Connector connector) throws ConnectorRuntimeException {
        CustomPlugin plugin = store.customPlugin(connector.plugins().get(0).customPlugin().customPluginArn())
                .orElseThrow(() -> new ConnectorRuntimeException("PLUGIN_NOT_FOUND", "The connector's custom plugin no longer exists"));
        String pluginId = Arns.idOf(plugin.arn());
        if (!installer.isInstalled(pluginId)) {
            throw new ConnectorRuntimeException("PLUGIN_NOT_FOUND", "Custom plugin '" + plugin.name()
                    + "' is not installed under " + installer.pluginPath(pluginId) + ": delete and create it again");
        }
        Map<String, String> workerProperties = WorkerProperties.DEFAULTS;
        if (connector.workerConfiguration() != null) {
            String configurationArn = connector.workerConfiguration().workerConfigurationArn();
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

    /**
     * Waits until the connector and all its tasks report RUNNING {@code stablePolls} times in a row, failing as soon
     * as one of them fails, or when the connector leaves the state the job works in.
     */
    private void awaitRunning(WorkerGroup group, Connector connector, int stablePolls) throws ConnectorRuntimeException {
        Instant deadline = clock.instant().plus(startTimeout);
        ConnectorState working = store.connector(connector.arn()).map(Connector::state).orElse(null);
        int runningPolls = 0;
        ConnectorStatus status = null;
        while (clock.instant().isBefore(deadline)) {
            if (store.connector(connector.arn()).map(Connector::state).orElse(null) != working) {
                throw new ConnectorRuntimeException("CANCELLED", "The connector left state " + working + " while starting");
            }
            status = group.status(connector.name()).orElse(null);
            if (status != null) {
                Optional<ConnectorRuntimeException> failure = WorkerGroup.failure(status);
                if (failure.isPresent()) {
                    throw failure.get();
                }
            }
            runningPolls = status != null && status.running() ? runningPolls + 1 : 0;
            if (runningPolls >= stablePolls) {
                return;
            }
            pause();
        }
        throw new ConnectorRuntimeException("START_TIMEOUT", "The connector did not run within " + startTimeout.toSeconds()
                + " s; last status: " + (status == null ? "none reported" : "connector " + status.connector().state()
                + ", tasks " + status.tasks().stream().map(ConnectRestClient.State::state).toList()));
    }

    /** Marks the connector FAILED (if it is still in the state the failed job worked in) and stops its group. */
    private void fail(String arn, ConnectorState expected, ConnectorRuntimeException e) {
        Connector connector = store.connector(arn).orElse(null);
        if (connector == null || e.code().equals("CANCELLED")) {
            return;
        }
        if (store.replaceConnector(arn, c -> c.state() == expected,
                c -> c.withState(ConnectorState.FAILED, new StateDescription(e.code(), e.getMessage())))) {
            logOf(connector).error("FAILED: " + e.code() + ": " + e.getMessage(), e.trace());
            groups.stop(arn);
        }
    }

    /** Catches connectors or tasks that fail after they ran, as MSK Connect's health checks do. */
    private void checkRunningConnectors() {
        for (Connector connector : store.connectors()) {
            if (connector.state() != ConnectorState.RUNNING || busy(connector.arn())) {
                continue;
            }
            groups.get(connector.arn()).ifPresent(group -> {
                try {
                    group.status(connector.name()).flatMap(WorkerGroup::failure)
                            .ifPresent(failure -> fail(connector.arn(), ConnectorState.RUNNING, failure));
                } catch (ConnectorRuntimeException e) {
                    log.debug("Connector {}: status check failed: {}", connector.name(), e.getMessage());
                } catch (RuntimeException e) {
                    log.warn("Connector {}: status check failed", connector.name(), e);
                }
            });
        }
    }

    // ---- DescribeConnector, ListConnectors

    ObjectNode describe(ApiRequest request) {
        return views.describeConnector(find(request.label("connectorArn")));
    }

    ObjectNode list(ApiRequest request) {
        String prefix = request.query("connectorNamePrefix");
        List<Connector> all = store.connectors().stream()
                .filter(c -> prefix == null || c.name().startsWith(prefix)).toList();
        Pages.Page<Connector> page = Pages.page(all, Connector::name, Connector::arn,
                Validation.maxResults(request.query("maxResults")), request.query("nextToken"));
        return views.list("connectors", page.items(), views::connectorSummary, page.nextToken());
    }

    // ---- UpdateConnector: RUNNING -> UPDATING -> RUNNING, with a connector operation

    synchronized ObjectNode update(ApiRequest request) {
        Connector connector = find(request.label("connectorArn"));
        requireCurrentVersion(connector, Validation.required(request.query("currentVersion"), "currentVersion"));
        UpdateConnector body = request.body(UpdateConnector.class);
        if ((body.capacity() == null) == (body.connectorConfiguration() == null)) {
            throw ApiException.badRequest("UpdateConnector takes exactly one of capacity and connectorConfiguration"
                    + (body.capacity() == null ? " (it has neither)" : " (it has both): update them one at a time"));
        }
        OperationType type;
        if (body.capacity() != null) {
            Validation.capacity(body.capacity(), "capacity", true);
            type = OperationType.UPDATE_WORKER_SETTING;
        } else {
            Validation.required(body.connectorConfiguration().get("connector.class"), "connectorConfiguration 'connector.class'");
            type = OperationType.UPDATE_CONNECTOR_CONFIGURATION;
        }
        if (connector.state() != ConnectorState.RUNNING) {
            throw ApiException.badRequest("Connector '" + connector.name() + "' is " + connector.state()
                    + ": it can be updated only when RUNNING");
        }
        boolean capacityChange = type == OperationType.UPDATE_WORKER_SETTING;
        ConnectorOperation operation = new ConnectorOperation(arns.newOperationArn(connector.arn()), connector.arn(), type,
                OperationState.PENDING, ConnectorOperation.pendingSteps(type),
                capacityChange ? connector.capacity() : null, capacityChange ? body.capacity() : null,
                capacityChange ? null : connector.configuration(), capacityChange ? null : body.connectorConfiguration(),
                null, clock.instant(), null);
        store.putConnectorAndOperation(connector.withState(ConnectorState.UPDATING, null), operation);
        logOf(connector).info("UPDATING (" + type + ", operation " + operation.arn() + ")");
        enqueue(connector.arn(), () -> applyUpdate(connector.arn(), operation.arn()));
        return views.object("connectorArn", connector.arn(), "connectorState", ConnectorState.UPDATING,
                "connectorOperationArn", operation.arn());
    }

    private void applyUpdate(String arn, String operationArn) {
        Connector connector = store.connector(arn).orElse(null);
        ConnectorOperation operation = store.operation(operationArn).orElse(null);
        if (connector == null || operation == null || connector.state() != ConnectorState.UPDATING) {
            return;
        }
        ConnectorLog connectorLog = logOf(connector);
        Step change = operation.type() == OperationType.UPDATE_WORKER_SETTING
                ? Step.UPDATE_WORKER_SETTING : Step.UPDATE_CONNECTOR_CONFIGURATION;
        Step current = Step.INITIALIZE_UPDATE;
        try {
            updateOperation(operationArn, o -> o.withState(OperationState.UPDATE_IN_PROGRESS, null, clock.instant()));
            step(operationArn, current, StepState.IN_PROGRESS);
            WorkerGroup group = groups.get(arn).orElseThrow(() -> new ConnectorRuntimeException("WORKER_GROUP_MISSING",
                    "The connector's worker group is not running"));
            step(operationArn, current, StepState.COMPLETED);

            current = Step.VALIDATE_UPDATE;
            step(operationArn, current, StepState.IN_PROGRESS);
            if (operation.type() == OperationType.UPDATE_CONNECTOR_CONFIGURATION) {
                requireConnectorClass(group, operation.targetConfiguration());
            }
            step(operationArn, current, StepState.COMPLETED);

            current = change;
            step(operationArn, current, StepState.IN_PROGRESS);
            if (operation.type() == OperationType.UPDATE_CONNECTOR_CONFIGURATION) {
                group.putConnectorConfig(connector.name(), operation.targetConfiguration());
                awaitRunning(group, connector, STABLE_POLLS_AFTER_UPDATE);
            } else {
                connectorLog.info("capacity " + describe(operation.targetCapacity())
                        + " recorded; the local worker group keeps its single worker");
            }
            step(operationArn, current, StepState.COMPLETED);

            current = Step.FINALIZE_UPDATE;
            step(operationArn, current, StepState.COMPLETED);
            Capacity capacity = operation.targetCapacity() != null ? operation.targetCapacity() : connector.capacity();
            Map<String, String> configuration = operation.targetConfiguration() != null
                    ? operation.targetConfiguration() : connector.configuration();
            store.replaceConnector(arn, c -> c.state() == ConnectorState.UPDATING,
                    c -> c.updated(capacity, configuration, newVersion()));
            updateOperation(operationArn, o -> o.withState(OperationState.UPDATE_COMPLETE, null, clock.instant()));
            connectorLog.info("RUNNING with the update applied (operation " + operationArn + ")");
        } catch (ConnectorRuntimeException e) {
            Step failedStep = current;
            StateDescription error = new StateDescription(e.code(), e.getMessage());
            updateOperation(operationArn, o -> o.withStep(failedStep, StepState.FAILED).cancelRemainingSteps()
                    .withState(OperationState.UPDATE_FAILED, error, clock.instant()));
            connectorLog.error("update failed: " + e.code() + ": " + e.getMessage() + "; rolling back", e.trace());
            rollBack(connector, operationArn);
        }
    }

    /** Puts the configuration in effect before the failed update back on the worker group. */
    private void rollBack(Connector connector, String operationArn) {
        ConnectorLog connectorLog = logOf(connector);
        updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_IN_PROGRESS, null, clock.instant()));
        try {
            WorkerGroup group = groups.get(connector.arn()).orElseThrow(() -> new ConnectorRuntimeException(
                    "WORKER_GROUP_MISSING", "The connector's worker group is not running"));
            group.putConnectorConfig(connector.name(), connector.configuration());
            awaitRunning(group, connector, STABLE_POLLS_AFTER_UPDATE);
            store.replaceConnector(connector.arn(), c -> c.state() == ConnectorState.UPDATING,
                    c -> c.withState(ConnectorState.RUNNING, null));
            updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_COMPLETE, null, clock.instant()));
            connectorLog.info("RUNNING with the previous configuration (rollback of " + operationArn + " complete)");
        } catch (ConnectorRuntimeException e) {
            updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_FAILED, null, clock.instant()));
            fail(connector.arn(), ConnectorState.UPDATING, e);
        }
    }

    private void step(String operationArn, Step step, StepState state) {
        updateOperation(operationArn, o -> o.withStep(step, state));
    }

    private void updateOperation(String operationArn, UnaryOperator<ConnectorOperation> change) {
        store.updateOperation(operationArn, change);
    }

    // ---- DeleteConnector: -> DELETING -> gone

    synchronized ObjectNode delete(ApiRequest request) {
        Connector connector = find(request.label("connectorArn"));
        String version = request.query("currentVersion");
        if (version != null) {
            requireCurrentVersion(connector, version);
        }
        if (connector.state() != ConnectorState.DELETING) {
            store.replaceConnector(connector.arn(), c -> true, c -> c.withState(ConnectorState.DELETING, null));
            logOf(connector).info("DELETING");
            enqueue(connector.arn(), () -> tearDown(connector.arn()));
        }
        return views.object("connectorArn", connector.arn(), "connectorState", ConnectorState.DELETING);
    }

    /** Stops the connector and its worker group; its internal topics stay on the cluster, unused, as on AWS. */
    private void tearDown(String arn) {
        Connector connector = store.connector(arn).orElse(null);
        if (connector == null || connector.state() != ConnectorState.DELETING) {
            return;
        }
        groups.get(arn).ifPresent(group -> {
            try {
                group.deleteConnector(connector.name());
            } catch (ConnectorRuntimeException e) {
                log.debug("Connector {}: removing it from its worker group failed: {}", connector.name(), e.getMessage());
            }
        });
        groups.stop(arn);
        store.removeConnector(arn);
        logOf(connector).info("deleted; worker group stopped");
        logs.forget(connector.name(), Arns.idOf(arn));
    }

    // ---- ListConnectorOperations, DescribeConnectorOperation

    ObjectNode listOperations(ApiRequest request) {
        Connector connector = find(request.label("connectorArn"));
        // newest first: the page key counts down with the creation time
        Pages.Page<ConnectorOperation> page = Pages.page(store.operationsOf(connector.arn()),
                o -> String.format("%020d", Long.MAX_VALUE - o.creationTime().toEpochMilli()), ConnectorOperation::arn, Validation.maxResults(request.query("maxResults")), request.query("nextToken"));
        return views.list("connectorOperations", page.items(), views::operationSummary, page.nextToken());
    }

    ObjectNode describeOperation(ApiRequest request) {
        String arn = request.label("connectorOperationArn");
        return views.describeOperation(store.operation(arn)
                .orElseThrow(() -> ApiException.notFound("Connector operation " + arn + " does not exist")));
    }

    // ---- emulator restart

    /** Brings back what an earlier run left: live connectors get their worker groups again, deletions finish. */
    void resume() {
        for (Connector connector : store.connectors()) {
            switch (connector.state()) {
                case CREATING -> enqueue(connector.arn(), () -> provision(connector.arn(), false));
                case RUNNING -> enqueue(connector.arn(), () -> provision(connector.arn(), true));
                case UPDATING -> {
                    interruptUpdate(connector);
                    enqueue(connector.arn(), () -> provision(connector.arn(), true));
                }
                case DELETING -> enqueue(connector.arn(), () -> tearDown(connector.arn()));
                case FAILED -> {
                    // stays failed, as on AWS: delete it and create it again
                }
            }
        }
    }

    /** An update the previous run did not finish is rolled back: the connector restarts on its previous settings. */
    private void interruptUpdate(Connector connector) {
        StateDescription error = new StateDescription("INTERRUPTED", "The emulator stopped during the update");
        store.operationsOf(connector.arn()).stream().filter(o -> !o.state().finished()).forEach(o ->
                updateOperation(o.arn(), op -> op.cancelRemainingSteps().withState(OperationState.ROLLBACK_COMPLETE, error, clock.instant())));
        store.replaceConnector(connector.arn(), c -> c.state() == ConnectorState.UPDATING,
                c -> c.withState(ConnectorState.RUNNING, null));
        logOf(connector).warn("the update in progress was interrupted by an emulator restart; restarting with the previous settings");
    }

    // ---- helpers

    Connector find(String arn) {
        return store.connector(arn).orElseThrow(() -> ApiException.notFound("Connector " + arn + " does not exist"));
    }

    private static void requireCurrentVersion(Connector connector, String version) {
        if (!version.equals(connector.currentVersion())) {
            throw ApiException.badRequest("currentVersion '" + version + "' is not the current version of connector '"
                    + connector.name() + "' (" + connector.currentVersion() + "): describe the connector and retry with its currentVersion");
        }
    }

    private void enqueue(String arn, Runnable job) {
        lanes.compute(arn, (key, previous) -> {
            CompletableFuture<Void> before = previous == null ? CompletableFuture.completedFuture(null) : previous;
            CompletableFuture<Void> next = before.thenRunAsync(job, jobs).exceptionally(e -> {
                log.error("Connector job for {} failed", arn, e);
                return null;
            });
            next.whenComplete((ok, e) -> lanes.remove(arn, next));
            return next;
        });
    }

    private boolean busy(String arn) {
        CompletableFuture<Void> lane = lanes.get(arn);
        return lane != null && !lane.isDone();
    }

    private ConnectorLog logOf(Connector connector) {
        return logs.of(connector.name(), Arns.idOf(connector.arn()));
    }

    private String newVersion() {
        byte[] bytes = new byte[7];
        random.nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    private static String describe(Capacity capacity) {
        if (capacity.provisionedCapacity() != null) {
            return capacity.provisionedCapacity().workerCount() + " worker(s) x " + capacity.provisionedCapacity().mcuCount() + " MCU";
        }
        AutoScaling auto = capacity.autoScaling();
        return "auto scaling " + auto.minWorkerCount() + "-" + auto.maxWorkerCount() + " worker(s) x " + auto.mcuCount() + " MCU";
    }

    private static String elapsed(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private void pause() throws ConnectorRuntimeException {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorRuntimeException("CANCELLED", "The emulator is shutting down");
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Stops the background work and every worker group; connectors stay recorded for the next run. */
    @Override
    public void close() {
        monitor.shutdownNow();
        jobs.shutdownNow();
        try {
            jobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        groups.close();
        logs.close();
    }
}
