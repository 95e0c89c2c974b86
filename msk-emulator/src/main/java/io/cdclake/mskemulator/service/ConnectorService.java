package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.cdclake.mskemulator.model.Shapes.WorkerSetting;
import io.cdclake.mskemulator.model.WorkerConfiguration;
import io.cdclake.mskemulator.runtime.ConnectorLog;
import io.cdclake.mskemulator.runtime.ConnectorLogs;
import io.cdclake.mskemulator.runtime.ConnectorRuntimeException;
import io.cdclake.mskemulator.service.ConnectorRuntime.Target;
import io.cdclake.mskemulator.state.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The connector operations and the state machine behind them, as Kafka Connect's herder is to its worker: the
 * {@link ConnectorRuntime} runs the connectors, this class owns their states, their operations and the API shapes.
 * The slow work (starting a worker group, waiting for the connector and its tasks, applying an update, pausing,
 * resuming, restarting, tearing down) runs in the background, one job at a time per connector, while the API answers
 * at once with the state the connector is in: CREATING → RUNNING | FAILED; RUNNING → UPDATING | RESTARTING → RUNNING;
 * RUNNING → PAUSING → PAUSED → RESUMING → RUNNING; → DELETING → gone.
 */
final class ConnectorService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConnectorService.class);
    /** MSK Connect's default CPU thresholds when auto scaling names no policy. */
    private static final int DEFAULT_SCALE_IN_PERCENT = 20;
    private static final int DEFAULT_SCALE_OUT_PERCENT = 80;
    private static final Duration MONITOR_INTERVAL = Duration.ofSeconds(5);
    /** After a change, the connector must show its state this many polls in a row, so a restart is not missed. */
    private static final int STABLE_POLLS_AFTER_CHANGE = 3;

    private final ResourceStore store;
    private final Arns arns;
    private final Views views;
    private final CustomPluginService plugins;
    private final WorkerConfigurationService workerConfigurations;
    private final ConnectorRuntime runtime;
    private final ConnectorLogs logs;
    private final Clock clock;
    private final ExecutorService jobs;
    private final ScheduledExecutorService monitor;
    private final Map<String, CompletableFuture<Void>> lanes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    ConnectorService(ResourceStore store, Arns arns, Views views, CustomPluginService plugins,
                     WorkerConfigurationService workerConfigurations, ConnectorRuntime runtime, ConnectorLogs logs,
                     Clock clock) {
        this.store = store;
        this.arns = arns;
        this.views = views;
        this.plugins = plugins;
        this.workerConfigurations = workerConfigurations;
        this.runtime = runtime;
        this.logs = logs;
        this.clock = clock;
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
        String networkType = body.networkType() == null ? NetworkType.IPV4.name()
                : Validation.oneOf(body.networkType(), NetworkType.class, "networkType").name();
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
                body.kafkaClusterEncryptionInTransit(), body.kafkaConnectVersion(), body.logDelivery(), networkType, body.plugins(),
                body.serviceExecutionRoleArn(), body.workerConfiguration());
        store.putConnector(connector, body.tags());
        ConnectorLog connectorLog = logOf(connector);
        connectorLog.info("CREATING with custom plugin " + plugin.name() + " (" + plugin.arn() + "), Kafka Connect "
                + connector.kafkaConnectVersion() + ", bootstrap servers " + kafka.bootstrapServers());
        connectorLog.info("recorded, not applied locally: client authentication " + authentication + ", encryption in transit "
                + encryption + ", network type " + networkType + ", VPC subnets " + kafka.vpc().subnets() + ", service execution role "
                + connector.serviceExecutionRoleArn() + "; the worker group connects in PLAINTEXT without authentication");
        enqueue(connector.arn(), () -> provision(connector.arn(), ConnectorState.CREATING));
        return views.object("connectorArn", connector.arn(), "connectorName", name, "connectorState", connector.state());
    }

    private enum AuthenticationType { NONE, IAM }

    private enum EncryptionType { PLAINTEXT, TLS }

    private enum NetworkType { IPV4, DUAL }

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
                auto.scaleOutPolicy() != null ? auto.scaleOutPolicy() : new ScalingPolicy(DEFAULT_SCALE_OUT_PERCENT),
                auto.maxAutoscalingTaskCount()), null);
    }

    // ---- provisioning: CREATING -> RUNNING | FAILED, and the worker groups an emulator restart brings back

    /**
     * Starts the connector's worker group and the connector on it, then waits until the connector and its tasks
     * run (or, for a connector that was paused, are paused). {@code expected} is the state the job works in: CREATING
     * for a new connector; after an emulator restart, the state the connector was left in.
     */
    private void provision(String arn, ConnectorState expected) {
        Connector connector = store.connector(arn).orElse(null);
        if (connector == null || connector.state() != expected) {
            return;
        }
        ConnectorLog connectorLog = logOf(connector);
        long started = System.nanoTime();
        boolean paused = expected == ConnectorState.PAUSED || expected == ConnectorState.PAUSING;
        ConnectorState end = paused ? ConnectorState.PAUSED : ConnectorState.RUNNING;
        try {
            runtime.start(connector, connector.plugins(), connector.workerConfiguration(), connector.capacity(),
                    connector.configuration());
            if (paused) {
                runtime.pause(connector); // Connect keeps a paused target state; pausing again is a no-op
            }
            runtime.await(connector, paused ? Target.PAUSED : Target.RUNNING, 1, () -> stillIn(arn, expected));
            if (store.replaceConnector(arn, c -> c.state() == expected, c -> c.withState(end, null))) {
                completeInterrupted(connector);
                connectorLog.info((expected == ConnectorState.CREATING ? "" : "back after the emulator restarted: ")
                        + end + " after " + elapsed(started));
            }
        } catch (ConnectorRuntimeException e) {
            fail(arn, expected, e);
        } catch (RuntimeException e) {
            log.error("Connector {}: provisioning failed", connector.name(), e);
            fail(arn, expected, new ConnectorRuntimeException("INTERNAL_ERROR", "The emulator failed to start the connector: " + e));
        }
    }

    /** A pause, resume or restart the previous run did not finish is done by the restart itself. */
    private void completeInterrupted(Connector connector) {
        store.operationsOf(connector.arn()).stream()
                .filter(o -> !o.state().finished() && !o.type().isUpdate())
                .forEach(o -> updateOperation(o.arn(), op -> completeAllSteps(op).withState(op.type().complete(), null, clock.instant())));
    }

    private static ConnectorOperation completeAllSteps(ConnectorOperation operation) {
        ConnectorOperation done = operation;
        for (var step : operation.steps()) {
            done = done.withStep(Step.valueOf(step.stepType()), StepState.COMPLETED);
        }
        return done;
    }

    private boolean stillIn(String arn, ConnectorState state) {
        return store.connector(arn).map(Connector::state).orElse(null) == state;
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
            runtime.stop(connector);
        }
    }

    /** Catches connectors or tasks that fail after they ran, as MSK Connect's health checks do. */
    private void checkRunningConnectors() {
        for (Connector connector : store.connectors()) {
            if (connector.state() != ConnectorState.RUNNING || busy(connector.arn())) {
                continue;
            }
            try {
                runtime.failure(connector).ifPresent(failure -> fail(connector.arn(), ConnectorState.RUNNING, failure));
            } catch (ConnectorRuntimeException e) {
                log.debug("Connector {}: status check failed: {}", connector.name(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Connector {}: status check failed", connector.name(), e);
            }
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
        boolean defaultWorkers = Boolean.TRUE.equals(body.useDefaultWorkerConfiguration());
        boolean workerChange = body.plugins() != null || body.workerConfiguration() != null || defaultWorkers;
        int changes = (body.capacity() != null ? 1 : 0) + (body.connectorConfiguration() != null ? 1 : 0) + (workerChange ? 1 : 0);
        if (changes != 1) {
            throw ApiException.badRequest("UpdateConnector takes one change at a time: capacity, connectorConfiguration,"
                    + " or plugins / workerConfiguration / useDefaultWorkerConfiguration"
                    + (changes == 0 ? " (it has none)" : " (it has " + changes + "): update them one at a time"));
        }
        if (defaultWorkers && body.workerConfiguration() != null) {
            throw ApiException.badRequest("workerConfiguration and useDefaultWorkerConfiguration true exclude each other:"
                    + " name a worker configuration, or go back to MSK Connect's default");
        }
        OperationType type = body.connectorConfiguration() != null
                ? OperationType.UPDATE_CONNECTOR_CONFIGURATION : OperationType.UPDATE_WORKER_SETTING;
        requireState(connector, ConnectorState.RUNNING, type);
        WorkerSetting origin = null;
        WorkerSetting target = null;
        if (body.connectorConfiguration() != null) {
            String connectorClass = Validation.required(body.connectorConfiguration().get("connector.class"),
                    "connectorConfiguration 'connector.class'");
            if (!connectorClass.equals(connector.configuration().get("connector.class"))) {
                throw ApiException.badRequest("connectorConfiguration 'connector.class' " + connectorClass + " differs from the"
                        + " connector's " + connector.configuration().get("connector.class")
                        + ": UpdateConnector cannot change the connector class; create another connector");
            }
        } else if (body.capacity() != null) {
            Validation.capacity(body.capacity(), "capacity", true);
            origin = new WorkerSetting(connector.capacity(), null, null, null);
            target = new WorkerSetting(body.capacity(), null, null, null);
        } else {
            if (body.plugins() != null) {
                plugin(body.plugins());
            }
            workerConfiguration(body.workerConfiguration());
            origin = new WorkerSetting(null, connector.plugins(), connector.workerConfiguration(),
                    connector.workerConfiguration() == null);
            target = new WorkerSetting(null, body.plugins() != null ? body.plugins() : connector.plugins(),
                    defaultWorkers ? null : body.workerConfiguration() != null ? body.workerConfiguration() : connector.workerConfiguration(),
                    defaultWorkers || (body.workerConfiguration() == null && connector.workerConfiguration() == null));
        }
        boolean configurationChange = type == OperationType.UPDATE_CONNECTOR_CONFIGURATION;
        ConnectorOperation operation = new ConnectorOperation(arns.newOperationArn(connector.arn()), connector.arn(), type,
                OperationState.PENDING, ConnectorOperation.pendingSteps(type), origin, target,
                configurationChange ? connector.configuration() : null, configurationChange ? body.connectorConfiguration() : null,
                null, clock.instant(), null);
        store.putConnectorAndOperation(connector.withState(ConnectorState.UPDATING, null), operation);
        logOf(connector).info("UPDATING (" + type + ", operation " + operation.arn() + ")");
        boolean checkHealth = !Boolean.TRUE.equals(body.skipHealthValidation());
        enqueue(connector.arn(), () -> applyUpdate(connector.arn(), operation.arn(), checkHealth));
        return views.object("connectorArn", connector.arn(), "connectorState", ConnectorState.UPDATING,
                "connectorOperationArn", operation.arn());
    }

    private void applyUpdate(String arn, String operationArn, boolean checkHealth) {
        Connector connector = store.connector(arn).orElse(null);
        ConnectorOperation operation = store.operation(operationArn).orElse(null);
        if (connector == null || operation == null || connector.state() != ConnectorState.UPDATING) {
            return;
        }
        ConnectorLog connectorLog = logOf(connector);
        WorkerSetting target = operation.targetWorkerSetting();
        Capacity capacity = target != null && target.capacity() != null ? target.capacity() : connector.capacity();
        Map<String, String> configuration = operation.targetConfiguration() != null
                ? operation.targetConfiguration() : connector.configuration();
        List<Plugin> newPlugins = target != null && target.plugins() != null ? target.plugins() : connector.plugins();
        WorkerConfigurationRef newWorkers = target != null && target.capacity() == null
                ? target.workerConfiguration() : connector.workerConfiguration();
        Step change = operation.type() == OperationType.UPDATE_WORKER_SETTING
                ? Step.UPDATE_WORKER_SETTING : Step.UPDATE_CONNECTOR_CONFIGURATION;
        Step current = Step.INITIALIZE_UPDATE;
        try {
            updateOperation(operationArn, o -> o.withState(OperationState.UPDATE_IN_PROGRESS, null, clock.instant()));
            step(operationArn, current, StepState.IN_PROGRESS);
            step(operationArn, current, StepState.COMPLETED);

            current = Step.VALIDATE_UPDATE;
            step(operationArn, current, StepState.IN_PROGRESS);
            step(operationArn, current, StepState.COMPLETED);

            current = change;
            step(operationArn, current, StepState.IN_PROGRESS);
            if (operation.type() == OperationType.UPDATE_CONNECTOR_CONFIGURATION) {
                runtime.reconfigure(connector, capacity, configuration);
            } else if (target.capacity() != null) {
                // tasks.max follows an autoscaled capacity; the local group keeps its single worker
                runtime.reconfigure(connector, capacity, configuration);
                connectorLog.info("capacity " + WorkerGroupRuntime.describe(capacity)
                        + " recorded; the local worker group keeps its single worker");
            } else {
                runtime.start(connector, newPlugins, newWorkers, capacity, configuration);
            }
            if (checkHealth) {
                runtime.await(connector, Target.RUNNING, STABLE_POLLS_AFTER_CHANGE, () -> stillIn(arn, ConnectorState.UPDATING));
            }
            step(operationArn, current, StepState.COMPLETED);

            current = Step.FINALIZE_UPDATE;
            step(operationArn, current, StepState.COMPLETED);
            store.replaceConnector(arn, c -> c.state() == ConnectorState.UPDATING,
                    c -> c.updated(capacity, configuration, newPlugins, newWorkers, newVersion()));
            updateOperation(operationArn, o -> o.withState(OperationState.UPDATE_COMPLETE, null, clock.instant()));
            connectorLog.info("RUNNING with the update applied (operation " + operationArn + ")");
        } catch (ConnectorRuntimeException e) {
            Step failedStep = current;
            StateDescription error = new StateDescription(e.code(), e.getMessage());
            updateOperation(operationArn, o -> o.withStep(failedStep, StepState.FAILED).cancelRemainingSteps()
                    .withState(OperationState.UPDATE_FAILED, error, clock.instant()));
            connectorLog.error("update failed: " + e.code() + ": " + e.getMessage() + "; rolling back", e.trace());
            rollBack(connector, operation, operationArn);
        }
    }

    /** Puts the settings in effect before the failed update back on the worker group. */
    private void rollBack(Connector connector, ConnectorOperation operation, String operationArn) {
        ConnectorLog connectorLog = logOf(connector);
        updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_IN_PROGRESS, null, clock.instant()));
        try {
            boolean groupChanged = operation.targetWorkerSetting() != null && operation.targetWorkerSetting().capacity() == null;
            if (groupChanged) {
                runtime.start(connector, connector.plugins(), connector.workerConfiguration(), connector.capacity(),
                        connector.configuration());
            } else {
                runtime.reconfigure(connector, connector.capacity(), connector.configuration());
            }
            runtime.await(connector, Target.RUNNING, STABLE_POLLS_AFTER_CHANGE, () -> stillIn(connector.arn(), ConnectorState.UPDATING));
            store.replaceConnector(connector.arn(), c -> c.state() == ConnectorState.UPDATING,
                    c -> c.withState(ConnectorState.RUNNING, null));
            updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_COMPLETE, null, clock.instant()));
            connectorLog.info("RUNNING with the previous settings (rollback of " + operationArn + " complete)");
        } catch (ConnectorRuntimeException e) {
            updateOperation(operationArn, o -> o.withState(OperationState.ROLLBACK_FAILED, null, clock.instant()));
            fail(connector.arn(), ConnectorState.UPDATING, e);
        }
    }

    // ---- PauseConnector, ResumeConnector, RestartConnector: through Connect's own pause, resume and restart

    synchronized ObjectNode pause(ApiRequest request) {
        return startLifecycle(request, OperationType.PAUSE_CONNECTOR, ConnectorState.RUNNING, ConnectorState.PAUSING, false);
    }

    synchronized ObjectNode resumeConnector(ApiRequest request) {
        return startLifecycle(request, OperationType.RESUME_CONNECTOR, ConnectorState.PAUSED, ConnectorState.RESUMING, false);
    }

    synchronized ObjectNode restart(ApiRequest request) {
        String onlyFailed = request.query("onlyFailedTasks");
        if (onlyFailed != null && !onlyFailed.equals("true") && !onlyFailed.equals("false")) {
            throw ApiException.badRequest("onlyFailedTasks '" + onlyFailed + "' is invalid: use true or false");
        }
        return startLifecycle(request, OperationType.RESTART_CONNECTOR, ConnectorState.RUNNING, ConnectorState.RESTARTING,
                "true".equals(onlyFailed));
    }

    private ObjectNode startLifecycle(ApiRequest request, OperationType type, ConnectorState from, ConnectorState during,
                                      boolean onlyFailedTasks) {
        Connector connector = find(request.label("connectorArn"));
        requireState(connector, from, type);
        ConnectorOperation operation = new ConnectorOperation(arns.newOperationArn(connector.arn()), connector.arn(), type,
                OperationState.PENDING, ConnectorOperation.pendingSteps(type), null, null, null, null, null,
                clock.instant(), null);
        store.putConnectorAndOperation(connector.withState(during, null), operation);
        logOf(connector).info(during + " (" + type + ", operation " + operation.arn() + ")");
        enqueue(connector.arn(), () -> runLifecycle(connector.arn(), operation.arn(), during, onlyFailedTasks));
        return views.object("connectorArn", connector.arn(), "connectorOperationArn", operation.arn());
    }

    /**
     * Pauses, resumes or restarts the connector on its worker group and waits until Connect shows the result. A
     * failure fails the operation and the connector, whose group is stopped (delete and create it again, as on AWS).
     */
    private void runLifecycle(String arn, String operationArn, ConnectorState during, boolean onlyFailedTasks) {
        Connector connector = store.connector(arn).orElse(null);
        ConnectorOperation operation = store.operation(operationArn).orElse(null);
        if (connector == null || operation == null || connector.state() != during) {
            return;
        }
        OperationType type = operation.type();
        ConnectorState end = type == OperationType.PAUSE_CONNECTOR ? ConnectorState.PAUSED : ConnectorState.RUNNING;
        Step current = Step.INITIALIZE_UPDATE;
        try {
            updateOperation(operationArn, o -> o.withState(type.inProgress(), null, clock.instant()));
            step(operationArn, current, StepState.IN_PROGRESS);
            step(operationArn, current, StepState.COMPLETED);
            current = Step.VALIDATE_UPDATE;
            step(operationArn, current, StepState.IN_PROGRESS);
            step(operationArn, current, StepState.COMPLETED);
            current = Step.FINALIZE_UPDATE;
            step(operationArn, current, StepState.IN_PROGRESS);
            switch (type) {
                case PAUSE_CONNECTOR -> runtime.pause(connector);
                case RESUME_CONNECTOR -> runtime.resume(connector);
                default -> runtime.restart(connector, onlyFailedTasks);
            }
            runtime.await(connector, end == ConnectorState.PAUSED ? Target.PAUSED : Target.RUNNING,
                    STABLE_POLLS_AFTER_CHANGE, () -> stillIn(arn, during));
            step(operationArn, current, StepState.COMPLETED);
            if (store.replaceConnector(arn, c -> c.state() == during, c -> c.withState(end, null))) {
                updateOperation(operationArn, o -> o.withState(type.complete(), null, clock.instant()));
                logOf(connector).info(end + " (operation " + operationArn + " complete)");
            }
        } catch (ConnectorRuntimeException e) {
            if (e.code().equals("CANCELLED")) {
                return;
            }
            Step failedStep = current;
            StateDescription error = new StateDescription(e.code(), e.getMessage());
            updateOperation(operationArn, o -> o.withStep(failedStep, StepState.FAILED).cancelRemainingSteps()
                    .withState(type.failed(), error, clock.instant()));
            fail(arn, during, e);
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
        runtime.remove(connector);
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

    /**
     * Brings back what an earlier run left: live and paused connectors get their worker groups again (paused ones
     * stay paused), a pause, resume or restart in flight is finished by the restart, an update in flight is rolled
     * back, deletions finish.
     */
    void resume() {
        for (Connector connector : store.connectors()) {
            switch (connector.state()) {
                case CREATING, RUNNING, PAUSED, PAUSING, RESUMING, RESTARTING ->
                        enqueue(connector.arn(), () -> provision(connector.arn(), connector.state()));
                case UPDATING -> {
                    interruptUpdate(connector);
                    enqueue(connector.arn(), () -> provision(connector.arn(), ConnectorState.RUNNING));
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

    /**
     * Refuses an operation on a connector in another state (or with another operation in progress): with
     * ConflictException for pause and resume, whose model lists it, and BadRequestException for update and restart,
     * whose model does not.
     */
    private static void requireState(Connector connector, ConnectorState required, OperationType type) {
        if (connector.state() != required) {
            String verb = switch (type) {
                case PAUSE_CONNECTOR -> "paused";
                case RESUME_CONNECTOR -> "resumed";
                case RESTART_CONNECTOR -> "restarted";
                case UPDATE_WORKER_SETTING, UPDATE_CONNECTOR_CONFIGURATION -> "updated";
            };
            String message = "Connector '" + connector.name() + "' is " + connector.state() + ": it can be " + verb
                    + " only when " + required;
            throw type == OperationType.PAUSE_CONNECTOR || type == OperationType.RESUME_CONNECTOR
                    ? ApiException.conflict(message) : ApiException.badRequest(message);
        }
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

    private static String elapsed(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
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
        runtime.close();
        logs.close();
    }
}
