package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.deploy.plan.ActualState;
import io.cdclake.deploy.plan.DesiredState;
import io.cdclake.deploy.plan.DesiredState.DesiredPlugin;
import io.cdclake.deploy.plan.Plan;
import io.cdclake.deploy.plan.PlannedChange;
import io.cdclake.deploy.plan.PlannedChange.Removal;
import io.cdclake.deploy.plan.Planner;
import io.cdclake.deploy.plan.StateReader;
import io.cdclake.deploy.plugin.PluginSources;
import io.cdclake.deploy.preflight.Finding;
import io.cdclake.deploy.preflight.Preflight;
import io.cdclake.deploy.preflight.PreflightException;
import io.cdclake.deploy.preflight.SourceDatabaseCheck;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorOperationSummary;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorSummary;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.sts.StsClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Deploys a pipeline to MSK Connect, on AWS or on the local emulator through an endpoint override (the same code
 * path): preflight checks, then a plan (desired state against what MSK Connect holds), then apply. Applying twice
 * changes nothing the second time; an apply interrupted anywhere is finished by the next. Every resource carries
 * the tag {@value #OWNER_TAG} naming its pipeline, and destroy deletes only those.
 */
public final class MskConnectDeployer {

    public static final String OWNER_TAG = DesiredState.OWNER_TAG;

    /** What one apply or destroy did to one resource: created, updated, replaced, deleted or unchanged. */
    public record Change(String resource, String name, String action) {
        @Override
        public String toString() {
            return action + " " + resource + " " + name;
        }
    }

    /** A plan with the preflight findings it was made after (errors mean it was not compared with MSK Connect). */
    public record PlanResult(List<Finding> findings, Plan plan) {
        public boolean passed() {
            return findings.stream().noneMatch(Finding::isError);
        }
    }

    private final KafkaConnectClient msk;
    private final S3Client s3;
    private final Consumer<String> progress;
    private final Waiter waiter;
    private final Preflight preflight;
    private final Function<Path, PluginSources> pluginSources;

    private MskConnectDeployer(Builder b) {
        this.msk = Objects.requireNonNull(b.msk, "mskConnect");
        this.s3 = Objects.requireNonNull(b.s3, "s3");
        this.progress = b.progress;
        this.waiter = new Waiter(b.progress, b.timeout, b.pollInterval, b.reportEvery);
        this.preflight = new Preflight(b.kafka, b.sts, b.s3, b.database);
        this.pluginSources = b.pluginSources;
    }

    /** A deployer with the defaults: no broker-type check, plugins as {@link PluginSources#fromSystemProperties(Path)} finds them. */
    public MskConnectDeployer(KafkaConnectClient msk, S3Client s3, Consumer<String> progress, Duration timeout) {
        this(builder().mskConnect(msk).s3(s3).progress(progress).timeout(timeout));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The preflight checks, read calls only. */
    public Preflight.Result preflight(Pipeline pipeline, String environment, RuntimeBindings bindings, Path workDir) {
        return preflight.run(pipeline, environment, bindings, pluginSources.apply(workDir));
    }

    /**
     * What apply would do. When preflight fails, MSK Connect is not asked and the plan shows the desired state as
     * creations (when the pipeline could be turned into one; else the plan is null).
     */
    public PlanResult plan(Pipeline pipeline, String environment, RuntimeBindings bindings, Path workDir) {
        Preflight.Result checked = preflight(pipeline, environment, bindings, workDir);
        if (!checked.passed()) {
            return new PlanResult(checked.findings(), checked.desired() == null ? null : Planner.unchecked(checked.desired()));
        }
        DesiredState desired = checked.desired();
        return new PlanResult(checked.findings(), planner(desired).plan(desired, read(desired)));
    }

    /** Applies the pipeline without waiting for the connectors to run (see {@link #awaitRunning}). */
    public List<Change> apply(Pipeline pipeline, String environment, RuntimeBindings bindings, Path workDir) {
        return apply(pipeline, environment, bindings, workDir, false);
    }

    /**
     * Preflight (refusing with every error before any change), then waits for resources another apply left
     * half-way, plans, tells the plan and carries it out.
     *
     * @param awaitRunning also wait until both connectors are RUNNING
     * @throws PreflightException when a check failed; nothing was changed
     */
    public List<Change> apply(Pipeline pipeline, String environment, RuntimeBindings bindings, Path workDir,
                              boolean awaitRunning) {
        long start = System.nanoTime();
        Preflight.Result checked = preflight(pipeline, environment, bindings, workDir);
        checked.warnings().forEach(w -> progress.accept("warning: " + w));
        if (!checked.passed()) {
            throw new PreflightException(checked.findings());
        }
        progress.accept("preflight passed (" + checked.findings().size() + " warning(s))");
        DesiredState desired = checked.desired();
        ActualState actual = read(desired);
        Applier applier = new Applier(msk, s3, waiter, progress);
        if (actual.settling()) {
            progress.accept("waiting for resources a previous apply left in progress");
            applier.settle(actual);
            actual = read(desired);
        }
        Plan plan = planner(desired).plan(desired, actual);
        plan.render().lines().forEach(progress);
        List<Change> changes = applier.apply(plan);
        if (awaitRunning) {
            for (DesiredState.DesiredConnector c : desired.connectors()) {
                String arn = connector(c.name()).orElseThrow(() -> new IllegalStateException("connector " + c.name()
                        + " vanished during apply")).connectorArn();
                applier.awaitConnector(c.name(), arn, true);
            }
        }
        long changed = changes.stream().filter(c -> !c.action().equals("unchanged")).count();
        progress.accept(String.format("apply finished in %.1f s: %s", (System.nanoTime() - start) / 1e9,
                changed == 0 ? "nothing changed" : changed + " change(s)"));
        return changes;
    }

    /** Waits until the named connector is RUNNING; fails with MSK Connect's stateDescription when it FAILED. */
    public DescribeConnectorResponse awaitRunning(String connectorName, Duration timeout) {
        String arn = connector(connectorName).orElseThrow(() ->
                new IllegalStateException("connector " + connectorName + " does not exist")).connectorArn();
        Waiter bounded = new Waiter(progress, timeout, waiter.pollInterval(), waiter.reportEvery());
        return new Applier(msk, s3, bounded, progress).awaitConnector(connectorName, arn, true);
    }

    /**
     * One line per connector of the pipeline: its state, capacity, Kafka Connect version, plugin, worker
     * configuration and latest operation; on FAILED, MSK Connect's stateDescription; or "not deployed".
     */
    public List<String> status(Pipeline pipeline) {
        List<String> lines = new ArrayList<>();
        for (String name : List.of(pipeline.debezium().connectorName(), pipeline.sink().connectorName())) {
            Optional<ConnectorSummary> summary = connector(name);
            if (summary.isEmpty()) {
                lines.add(name + ": not deployed");
                continue;
            }
            DescribeConnectorResponse d = msk.describeConnector(r -> r.connectorArn(summary.get().connectorArn()));
            String plugins = d.plugins().stream().map(p -> {
                String arn = p.customPlugin().customPluginArn();
                return msk.describeCustomPlugin(r -> r.customPluginArn(arn)).name() + " (revision " + p.customPlugin().revision() + ")";
            }).collect(Collectors.joining(", "));
            String worker = d.workerConfiguration() == null ? "default" : msk.describeWorkerConfiguration(r -> r
                    .workerConfigurationArn(d.workerConfiguration().workerConfigurationArn())).name()
                    + " (revision " + d.workerConfiguration().revision() + ")";
            String operation = msk.listConnectorOperationsPaginator(r -> r.connectorArn(d.connectorArn())).connectorOperations()
                    .stream().max(Comparator.comparing(ConnectorOperationSummary::creationTime, Comparator.nullsFirst(Comparator.naturalOrder())))
                    .map(o -> o.connectorOperationTypeAsString() + " " + o.connectorOperationStateAsString()
                            + (o.creationTime() == null ? "" : " at " + o.creationTime()))
                    .orElse("none");
            lines.add(name + ": " + d.connectorStateAsString() + ", " + Planner.capacity(d.capacity()) + ", Kafka Connect " + d.kafkaConnectVersion()
                    + ", plugin " + plugins + ", worker configuration " + worker + ", latest operation " + operation
                    + (d.stateDescription() == null ? "" : ", " + d.stateDescription().code() + ": " + d.stateDescription().message()));
        }
        return lines;
    }

    /**
     * Pauses the named connectors (PauseConnector) and waits until each is PAUSED; one already PAUSED is left as
     * it is. MSK Connect keeps a paused connector's configuration and offsets.
     */
    public List<Change> pause(List<String> connectorNames) {
        return control(ConnectorControl.Verb.PAUSE, connectorNames, false);
    }

    /** Resumes the named paused connectors (ResumeConnector) and waits until each is RUNNING. */
    public List<Change> resume(List<String> connectorNames) {
        return control(ConnectorControl.Verb.RESUME, connectorNames, false);
    }

    /**
     * Restarts the named connectors (RestartConnector) and waits until each is RUNNING again.
     *
     * @param onlyFailedTasks restart only the tasks that failed; else the connector and all its tasks
     */
    public List<Change> restart(List<String> connectorNames, boolean onlyFailedTasks) {
        return control(ConnectorControl.Verb.RESTART, connectorNames, onlyFailedTasks);
    }

    private List<Change> control(ConnectorControl.Verb verb, List<String> names, boolean onlyFailedTasks) {
        return new ConnectorControl(msk, new Applier(msk, s3, waiter, progress), waiter, progress).run(verb, names, onlyFailedTasks);
    }

    /**
     * Deletes the connectors, then the custom plugins and worker configurations, that carry this pipeline's owner
     * tag; nothing else, whatever its name.
     */
    public List<Change> destroy(Pipeline pipeline) {
        return remove(pipeline, true);
    }

    /** Deletes only the connectors this pipeline owns, and waits until they are gone. */
    public void deleteConnectors(Pipeline pipeline) {
        remove(pipeline, false);
    }

    private List<Change> remove(Pipeline pipeline, boolean everything) {
        List<String> names = List.of(pipeline.debezium().connectorName(), pipeline.sink().connectorName());
        ActualState actual = new StateReader(msk).read(pipeline.name(), names);
        List<PlannedChange> removals = new ArrayList<>();
        for (ActualState.Connector c : actual.connectors()) {
            if (pipeline.name().equals(c.tags().get(OWNER_TAG))) {
                removals.add(new Removal("connector", c.name(), c.arn(), c.description().currentVersion(), "owned by " + pipeline.name()));
            } else {
                progress.accept("leaving connector " + c.name() + " alone: it is not tagged " + OWNER_TAG + "=" + pipeline.name());
            }
        }
        if (everything) {
            actual.plugins().stream().filter(p -> pipeline.name().equals(p.tags().get(OWNER_TAG))).forEach(p ->
                    removals.add(new Removal("custom plugin", p.name(), p.arn(), null, "owned by " + pipeline.name())));
            actual.workerConfigurations().stream().filter(w -> pipeline.name().equals(w.tags().get(OWNER_TAG))).forEach(w ->
                    removals.add(new Removal("worker configuration", w.name(), w.arn(), null, "owned by " + pipeline.name())));
        }
        if (removals.isEmpty()) {
            progress.accept("nothing of pipeline " + pipeline.name() + " to delete");
            return List.of();
        }
        return new Applier(msk, s3, waiter, progress).apply(new Plan(null, removals, true));
    }

    private ActualState read(DesiredState desired) {
        return new StateReader(msk).read(desired.pipeline(), desired.connectors().stream().map(DesiredState.DesiredConnector::name).toList());
    }

    private Planner planner(DesiredState desired) {
        return new Planner((DesiredPlugin p) -> {
            try {
                s3.headObject(r -> r.bucket(desired.pluginBucket()).key(p.key()));
                return true;
            } catch (S3Exception e) {
                if (e.statusCode() == 404) {
                    return false;
                }
                throw e;
            }
        });
    }

    private Optional<ConnectorSummary> connector(String name) {
        return msk.listConnectorsPaginator(r -> r.connectorNamePrefix(name)).connectors().stream()
                .filter(c -> c.connectorName().equals(name)).findFirst();
    }

    /** How a deployer talks to AWS and how patiently it waits. */
    public static final class Builder {
        private KafkaConnectClient msk;
        private S3Client s3;
        private KafkaClient kafka;
        private StsClient sts;
        private Consumer<String> progress = line -> { };
        private Duration timeout = Duration.ofMinutes(30);
        private Duration pollInterval = Duration.ofSeconds(5);
        private Duration reportEvery = Duration.ofSeconds(30);
        private SourceDatabaseCheck database = new SourceDatabaseCheck(Duration.ofSeconds(3), System::getenv);
        private Function<Path, PluginSources> pluginSources = PluginSources::fromSystemProperties;

        private Builder() {
        }

        /** The MSK Connect API. Required. */
        public Builder mskConnect(KafkaConnectClient msk) {
            this.msk = msk;
            return this;
        }

        /** S3, for the plugin zips and the bucket checks. Required. */
        public Builder s3(S3Client s3) {
            this.s3 = s3;
            return this;
        }

        /** The MSK API, to check the cluster's broker type; without it that check is skipped. */
        public Builder kafka(KafkaClient kafka) {
            this.kafka = kafka;
            return this;
        }

        /** STS, to check whose credentials deploy and that the role is in their account; without it that check is skipped. */
        public Builder sts(StsClient sts) {
            this.sts = sts;
            return this;
        }

        /** Receives one line per step and per state seen while waiting. */
        public Builder progress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** How long any one wait (a plugin, a connector, an operation) may take; default 30 minutes. */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** At most how often to ask MSK Connect while waiting (default 5 s; the first asks come sooner), and how often to repeat an unchanged state (30 s). */
        public Builder polling(Duration pollInterval, Duration reportEvery) {
            this.pollInterval = Objects.requireNonNull(pollInterval);
            this.reportEvery = Objects.requireNonNull(reportEvery);
            return this;
        }

        /** The source database check (default: 3 s to reach it, passwords from the environment variables). */
        public Builder databaseCheck(SourceDatabaseCheck database) {
            this.database = Objects.requireNonNull(database);
            return this;
        }

        /** Where plugin zips come from, given the work directory (default: {@link PluginSources#fromSystemProperties(Path)}). */
        public Builder pluginSources(Function<Path, PluginSources> pluginSources) {
            this.pluginSources = Objects.requireNonNull(pluginSources);
            return this;
        }

        public MskConnectDeployer build() {
            return new MskConnectDeployer(this);
        }
    }
}
