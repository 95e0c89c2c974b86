package io.cdclake.deploy;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.deploy.MskConnectDeployer.Change;
import io.cdclake.deploy.plan.Action;
import io.cdclake.deploy.plan.ActualState;
import io.cdclake.deploy.plan.DesiredState;
import io.cdclake.deploy.plan.DesiredState.DesiredConnector;
import io.cdclake.deploy.plan.DesiredState.DesiredPlugin;
import io.cdclake.deploy.plan.Plan;
import io.cdclake.deploy.plan.PlannedChange;
import io.cdclake.deploy.plan.PlannedChange.ConnectorChange;
import io.cdclake.deploy.plan.PlannedChange.PluginChange;
import io.cdclake.deploy.plan.PlannedChange.Removal;
import io.cdclake.deploy.plan.PlannedChange.WorkerConfigurationChange;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.AutoScaling;
import software.amazon.awssdk.services.kafkaconnect.model.AutoScalingUpdate;
import software.amazon.awssdk.services.kafkaconnect.model.Capacity;
import software.amazon.awssdk.services.kafkaconnect.model.CapacityUpdate;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationSummary;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginContentType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorOperationResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterClientAuthenticationType;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterEncryptionInTransitType;
import software.amazon.awssdk.services.kafkaconnect.model.LogDelivery;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.kafkaconnect.model.ProvisionedCapacity;
import software.amazon.awssdk.services.kafkaconnect.model.ProvisionedCapacityUpdate;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerLogDelivery;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Carries out a plan against MSK Connect, in dependency order: plugin zips and custom plugins (waited until
 * ACTIVE), the worker configuration, the connectors (created; updated in place with UpdateConnector, each
 * operation followed to its end; or deleted and created again), then the deletions. Every step reads or checks
 * first, so an apply interrupted anywhere is finished by the next one.
 */
final class Applier {

    private final KafkaConnectClient msk;
    private final S3Client s3;
    private final Waiter waiter;
    private final Consumer<String> progress;

    /** A custom plugin's or worker configuration's ARN and the revision a connector uses. */
    private record Ref(String arn, long revision) {
    }

    Applier(KafkaConnectClient msk, S3Client s3, Waiter waiter, Consumer<String> progress) {
        this.msk = msk;
        this.s3 = s3;
        this.waiter = waiter;
        this.progress = progress;
    }

    List<Change> apply(Plan plan) {
        DesiredState desired = plan.desired();
        List<Change> done = new ArrayList<>();
        Map<String, Ref> pluginRefs = new HashMap<>();
        for (PlannedChange change : plan.changes()) {
            if (change instanceof PluginChange p) {
                pluginRefs.put(p.desired().role(), plugin(desired, p));
                done.add(outcome(p));
            }
        }
        Ref workerRef = null;
        for (PlannedChange change : plan.changes()) {
            if (change instanceof WorkerConfigurationChange w) {
                workerRef = worker(desired, w);
                done.add(outcome(w));
            }
        }
        for (PlannedChange change : plan.changes()) {
            if (change instanceof ConnectorChange c) {
                connector(desired, c, pluginRefs.get(c.desired().pluginRole()), workerRef);
                done.add(outcome(c));
            }
        }
        List<Removal> removals = plan.changes().stream().filter(Removal.class::isInstance).map(Removal.class::cast)
                // connectors first: a plugin or worker configuration in use cannot go before them
                .sorted(Comparator.comparing(r -> !r.resource().equals("connector"))).toList();
        for (Removal r : removals) {
            delete(r.resource(), r.name(), r.arn(), r.currentVersion());
            done.add(new Change(r.resource(), r.name(), "deleted"));
        }
        return done;
    }

    /** Waits for resources in a passing state (left by an interrupted apply, or by someone else) to settle. */
    void settle(ActualState actual) {
        for (ActualState.Plugin p : actual.plugins()) {
            if (p.state() == CustomPluginState.CREATING) {
                awaitPlugin(p.name(), p.arn(), false);
            } else if (p.state() == CustomPluginState.DELETING) {
                awaitGone("custom plugin " + p.name(), () -> msk.describeCustomPlugin(r -> r.customPluginArn(p.arn())).customPluginStateAsString());
            }
        }
        for (ActualState.Connector c : actual.connectors()) {
            String name = c.name();
            switch (c.state()) {
                case CREATING -> awaitConnector(name, c.arn(), false);
                case UPDATING -> {
                    latestOperation(c.arn()).ifPresent(op -> followOperation(name, op.connectorOperationArn(), false));
                    awaitConnector(name, c.arn(), false);
                }
                case DELETING -> awaitGone("connector " + name, () -> msk.describeConnector(r -> r.connectorArn(c.arn())).connectorStateAsString());
                default -> { }
            }
        }
    }

    /** Waits until the connector is RUNNING; fails with MSK Connect's stateDescription when it is FAILED. */
    DescribeConnectorResponse awaitConnector(String name, String arn, boolean failOnFailed) {
        return waiter.await("connector " + name, () -> {
            DescribeConnectorResponse d = msk.describeConnector(r -> r.connectorArn(arn));
            if (failOnFailed && d.connectorState() == ConnectorState.FAILED) {
                throw new IllegalStateException("connector " + name + " is FAILED: " + (d.stateDescription() == null
                        ? "MSK Connect gave no reason" : d.stateDescription().code() + ": " + d.stateDescription().message()));
            }
            if (failOnFailed && d.connectorStateAsString().equals("PAUSED")) {
                // paused on purpose ('deploy pause'): waiting would only run into the timeout
                throw new IllegalStateException("connector " + name + " is PAUSED; 'deploy resume' runs it again");
            }
            return d;
        }, DescribeConnectorResponse::connectorStateAsString, d -> d.connectorState() == ConnectorState.RUNNING
                || !failOnFailed && d.connectorState() == ConnectorState.FAILED);
    }

    private Ref plugin(DesiredState desired, PluginChange p) {
        DesiredPlugin d = p.desired();
        if (p.action() == Action.REPLACE) {
            delete("custom plugin", d.name(), p.actual().arn(), null);
        }
        if (p.action() == Action.CREATE || p.action() == Action.REPLACE) {
            if (p.upload()) {
                upload(desired, d);
            }
            progress.accept("creating custom plugin " + d.name());
            String arn = msk.createCustomPlugin(r -> r.name(d.name()).contentType(CustomPluginContentType.ZIP)
                    .description(d.role() + " plugin of cdc-lake pipeline " + desired.pipeline() + ": " + d.archive().source())
                    .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::" + desired.pluginBucket()).fileKey(d.key())))
                    .tags(desired.tags())).customPluginArn();
            DescribeCustomPluginResponse created = awaitPlugin(d.name(), arn, true);
            return new Ref(arn, created.latestRevision().revision());
        }
        tag(p.actual().arn(), p.addTags());
        DescribeCustomPluginResponse existing = p.actual().state() == CustomPluginState.ACTIVE
                ? msk.describeCustomPlugin(r -> r.customPluginArn(p.actual().arn()))
                : awaitPlugin(d.name(), p.actual().arn(), true);
        return new Ref(existing.customPluginArn(), existing.latestRevision().revision());
    }

    private void upload(DesiredState desired, DesiredPlugin d) {
        if (desired.kind() == Environment.Kind.EMULATOR && !bucketExists(desired.pluginBucket())) {
            // the local S3 server starts empty; on AWS the bucket is the user's and preflight checks it exists
            progress.accept("creating bucket " + desired.pluginBucket() + " on the local S3 server");
            s3.createBucket(r -> r.bucket(desired.pluginBucket()));
        }
        progress.accept(String.format("uploading %s (%.1f MB) to s3://%s/%s", d.archive().zip().getFileName(),
                d.archive().size() / 1e6, desired.pluginBucket(), d.key()));
        long start = System.nanoTime();
        s3.putObject(r -> r.bucket(desired.pluginBucket()).key(d.key()).contentType("application/zip"),
                RequestBody.fromFile(d.archive().zip()));
        progress.accept(String.format("uploaded %s in %.1f s", d.key(), (System.nanoTime() - start) / 1e9));
    }

    private boolean bucketExists(String bucket) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private DescribeCustomPluginResponse awaitPlugin(String name, String arn, boolean failOnFailed) {
        return waiter.await("custom plugin " + name, () -> {
            DescribeCustomPluginResponse d = msk.describeCustomPlugin(r -> r.customPluginArn(arn));
            if (failOnFailed && d.customPluginState() == CustomPluginState.CREATE_FAILED) {
                throw new IllegalStateException("custom plugin " + name + " is CREATE_FAILED: " + (d.stateDescription() == null
                        ? "MSK Connect gave no reason" : d.stateDescription().code() + ": " + d.stateDescription().message()));
            }
            return d;
        }, DescribeCustomPluginResponse::customPluginStateAsString, d -> d.customPluginState() == CustomPluginState.ACTIVE
                || !failOnFailed && d.customPluginState() == CustomPluginState.CREATE_FAILED);
    }

    private Ref worker(DesiredState desired, WorkerConfigurationChange w) {
        if (w.action() == Action.CREATE) {
            progress.accept("creating worker configuration " + w.desired().name());
            var created = msk.createWorkerConfiguration(r -> r.name(w.desired().name()).tags(desired.tags())
                    .description("worker configuration of cdc-lake pipeline " + desired.pipeline())
                    .propertiesFileContent(Base64.getEncoder().encodeToString(
                            w.desired().propertiesFileContent().getBytes(StandardCharsets.UTF_8))));
            return new Ref(created.workerConfigurationArn(), created.latestRevision().revision());
        }
        tag(w.actual().arn(), w.addTags());
        return new Ref(w.actual().arn(), w.actual().revision());
    }

    private void connector(DesiredState desired, ConnectorChange c, Ref plugin, Ref worker) {
        DesiredConnector d = c.desired();
        switch (c.action()) {
            case CREATE -> create(desired, d, plugin, worker);
            case REPLACE -> {
                delete("connector", d.name(), c.actual().arn(), c.actual().description().currentVersion());
                create(desired, d, plugin, worker);
            }
            case UPDATE -> {
                String arn = c.actual().arn();
                // the plugin first: a configuration may need the new plugin's classes
                if (c.plugin()) {
                    update(d.name(), arn, "custom plugin", version -> newerApi(api -> api.updatePlugin(arn, version,
                            plugin.arn(), plugin.revision())));
                }
                if (c.workerConfiguration()) {
                    update(d.name(), arn, "worker configuration", version -> newerApi(api -> api.updateWorkerConfiguration(
                            arn, version, worker.arn(), worker.revision())));
                }
                if (c.configuration()) {
                    update(d.name(), arn, "connector configuration", version -> msk.updateConnector(r -> r.connectorArn(arn)
                            .currentVersion(version).connectorConfiguration(d.config().config())).connectorOperationArn());
                }
                if (c.capacity()) {
                    update(d.name(), arn, "capacity", version -> msk.updateConnector(r -> r.connectorArn(arn)
                            .currentVersion(version).capacity(capacityUpdate(d.capacity()))).connectorOperationArn());
                }
                tag(arn, c.addTags());
            }
            default -> { }
        }
    }

    private void create(DesiredState desired, DesiredConnector d, Ref plugin, Ref worker) {
        progress.accept("creating connector " + d.name());
        msk.createConnector(r -> r.connectorName(d.name()).connectorDescription(d.description())
                .connectorConfiguration(d.config().config())
                .kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers(d.bootstrapServers())
                        .vpc(v -> v.subnets(d.subnets()).securityGroups(d.securityGroups()))))
                .kafkaClusterClientAuthentication(a -> a.authenticationType(
                        KafkaClusterClientAuthenticationType.fromValue(d.authentication().name())))
                .kafkaClusterEncryptionInTransit(e -> e.encryptionType(
                        KafkaClusterEncryptionInTransitType.fromValue(d.encryption().name())))
                .capacity(capacity(d.capacity()))
                .kafkaConnectVersion(d.kafkaConnectVersion())
                .serviceExecutionRoleArn(d.serviceExecutionRoleArn())
                .plugins(p -> p.customPlugin(cp -> cp.customPluginArn(plugin.arn()).revision(plugin.revision())))
                .workerConfiguration(w -> w.workerConfigurationArn(worker.arn()).revision(worker.revision()))
                .logDelivery(d.logDelivery() == null ? null
                        : LogDelivery.builder().workerLogDelivery(logDelivery(d.logDelivery())).build())
                .tags(desired.tags()));
    }

    /**
     * One UpdateConnector call (one kind of change per call, as MSK Connect documents), followed to its end.
     *
     * @param call sends the update for the connector's current version; returns the operation's ARN
     */
    private void update(String name, String arn, String what, Function<String, String> call) {
        String version = msk.describeConnector(r -> r.connectorArn(arn)).currentVersion();
        progress.accept("updating the " + what + " of connector " + name + " in place");
        followOperation(name, call.apply(version), true);
    }

    /** An UpdateConnector field the SDK's model lacks, sent by {@link MskConnectNewerApi}. */
    private String newerApi(Function<MskConnectNewerApi, MskConnectNewerApi.Started> call) {
        try (MskConnectNewerApi api = MskConnectNewerApi.of(msk)) {
            return call.apply(api).connectorOperationArn();
        }
    }

    private void followOperation(String name, String operationArn, boolean failOnFailure) {
        DescribeConnectorOperationResponse op = followOperation("update of connector " + name, operationArn);
        if (failOnFailure && !op.connectorOperationStateAsString().equals("UPDATE_COMPLETE")) {
            throw new IllegalStateException("updating connector " + name + " ended " + op.connectorOperationStateAsString()
                    + (op.errorInfo() == null ? "" : ": " + op.errorInfo().code() + ": " + op.errorInfo().message())
                    + "; the connector keeps its previous configuration");
        }
    }

    /** Follows a connector operation (an update, a pause, a resume, a restart) until it ends, telling its steps. */
    DescribeConnectorOperationResponse followOperation(String what, String operationArn) {
        return waiter.await(what, () -> msk.describeConnectorOperation(r -> r.connectorOperationArn(operationArn)),
                Applier::operationState, o -> ended(o.connectorOperationStateAsString()));
    }

    /** The end states of every operation type: UPDATE_/PAUSE_/RESUME_/RESTART_ COMPLETE or FAILED, ROLLBACK_ likewise. */
    private static boolean ended(String state) {
        return state.endsWith("_COMPLETE") || state.endsWith("_FAILED");
    }

    private static String operationState(DescribeConnectorOperationResponse op) {
        String steps = op.operationSteps().stream().map(s -> s.stepTypeAsString() + " " + s.stepStateAsString())
                .collect(Collectors.joining(", "));
        return op.connectorOperationStateAsString() + (steps.isEmpty() ? "" : " [" + steps + "]");
    }

    private Optional<ConnectorOperationSummary> latestOperation(String connectorArn) {
        return msk.listConnectorOperationsPaginator(r -> r.connectorArn(connectorArn)).connectorOperations().stream()
                .max(Comparator.comparing(ConnectorOperationSummary::creationTime,
                        Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private void delete(String resource, String name, String arn, String currentVersion) {
        progress.accept("deleting " + resource + " " + name);
        try {
            switch (resource) {
                case "connector" -> {
                    msk.deleteConnector(r -> r.connectorArn(arn).currentVersion(currentVersion));
                    awaitGone("connector " + name, () -> msk.describeConnector(r -> r.connectorArn(arn)).connectorStateAsString());
                }
                case "custom plugin" -> {
                    msk.deleteCustomPlugin(r -> r.customPluginArn(arn));
                    awaitGone("custom plugin " + name, () -> msk.describeCustomPlugin(r -> r.customPluginArn(arn)).customPluginStateAsString());
                }
                case "worker configuration" -> {
                    msk.deleteWorkerConfiguration(r -> r.workerConfigurationArn(arn));
                    awaitGone("worker configuration " + name, () -> msk.describeWorkerConfiguration(r -> r.workerConfigurationArn(arn))
                            .workerConfigurationStateAsString());
                }
                default -> throw new IllegalArgumentException(resource);
            }
        } catch (NotFoundException alreadyGone) {
            progress.accept(resource + " " + name + " was already gone");
        }
    }

    private void awaitGone(String what, Supplier<String> state) {
        waiter.await(what, () -> {
            try {
                return state.get();
            } catch (NotFoundException e) {
                return "DELETED";
            }
        }, s -> s, "DELETED"::equals);
    }

    private void tag(String arn, Map<String, String> tags) {
        if (!tags.isEmpty()) {
            msk.tagResource(r -> r.resourceArn(arn).tags(tags));
        }
    }

    private static Change outcome(PlannedChange c) {
        String action = switch (c.action()) {
            case CREATE -> "created";
            case UPDATE -> "updated";
            case REPLACE -> "replaced";
            case DELETE -> "deleted";
            case NONE -> "unchanged";
        };
        return new Change(c.resource(), c.name(), action);
    }

    static Capacity capacity(MskConnect.Capacity c) {
        if (c.provisioned() != null) {
            return Capacity.builder().provisionedCapacity(ProvisionedCapacity.builder().mcuCount(c.provisioned().mcuCount())
                    .workerCount(c.provisioned().workerCount()).build()).build();
        }
        MskConnect.Capacity.Autoscaling a = c.autoscaling();
        return Capacity.builder().autoScaling(AutoScaling.builder().mcuCount(a.mcuCount()).minWorkerCount(a.minWorkerCount())
                .maxWorkerCount(a.maxWorkerCount())
                .scaleInPolicy(i -> i.cpuUtilizationPercentage(a.scaleInCpuPercentage()))
                .scaleOutPolicy(o -> o.cpuUtilizationPercentage(a.scaleOutCpuPercentage())).build()).build();
    }

    private static CapacityUpdate capacityUpdate(MskConnect.Capacity c) {
        if (c.provisioned() != null) {
            return CapacityUpdate.builder().provisionedCapacity(ProvisionedCapacityUpdate.builder()
                    .mcuCount(c.provisioned().mcuCount()).workerCount(c.provisioned().workerCount()).build()).build();
        }
        MskConnect.Capacity.Autoscaling a = c.autoscaling();
        return CapacityUpdate.builder().autoScaling(AutoScalingUpdate.builder().mcuCount(a.mcuCount())
                .minWorkerCount(a.minWorkerCount()).maxWorkerCount(a.maxWorkerCount())
                .scaleInPolicy(i -> i.cpuUtilizationPercentage(a.scaleInCpuPercentage()))
                .scaleOutPolicy(o -> o.cpuUtilizationPercentage(a.scaleOutCpuPercentage())).build()).build();
    }

    private static WorkerLogDelivery logDelivery(MskConnect.LogDelivery logs) {
        WorkerLogDelivery.Builder w = WorkerLogDelivery.builder();
        if (logs.cloudWatchLogs() != null) {
            w.cloudWatchLogs(c -> c.enabled(true).logGroup(logs.cloudWatchLogs().logGroup()));
        }
        if (logs.s3() != null) {
            w.s3(s -> s.enabled(true).bucket(logs.s3().bucket()).prefix(logs.s3().prefix()));
        }
        if (logs.firehose() != null) {
            w.firehose(f -> f.enabled(true).deliveryStream(logs.firehose().deliveryStream()));
        }
        return w.build();
    }
}
