package io.cdclake.deploy.plan;

import io.cdclake.core.model.MskConnect;
import io.cdclake.core.render.ConnectorConfig;
import io.cdclake.deploy.plan.DesiredState.DesiredConnector;
import io.cdclake.deploy.plan.DesiredState.DesiredPlugin;
import io.cdclake.deploy.plan.DesiredState.DesiredWorkerConfiguration;
import io.cdclake.deploy.plan.PlannedChange.ConnectorChange;
import io.cdclake.deploy.plan.PlannedChange.PluginChange;
import io.cdclake.deploy.plan.PlannedChange.Removal;
import io.cdclake.deploy.plan.PlannedChange.WorkerConfigurationChange;
import io.cdclake.deploy.preflight.Finding;
import io.cdclake.deploy.preflight.PreflightException;
import software.amazon.awssdk.services.kafkaconnect.model.CapacityDescription;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerLogDeliveryDescription;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Compares the desired state with what MSK Connect holds and decides, resource by resource: create, update in
 * place (UpdateConnector: custom plugin, worker configuration, connector configuration or capacity; TagResource),
 * replace (what MSK Connect cannot change in place: cluster, authentication, encryption, Kafka Connect version,
 * execution role, log delivery; or a FAILED connector), delete (owned and no longer wanted), or leave alone.
 */
public final class Planner {

    private final Predicate<DesiredPlugin> uploaded;

    /** @param uploaded whether a plugin's zip is already in the plugin bucket */
    public Planner(Predicate<DesiredPlugin> uploaded) {
        this.uploaded = uploaded;
    }

    /** @throws PreflightException when a name the pipeline needs is taken by a resource it does not own */
    public Plan plan(DesiredState desired, ActualState actual) {
        refuseForeignNames(desired, actual);
        List<PlannedChange> changes = new ArrayList<>();
        Map<String, String> pluginRefs = new TreeMap<>();
        for (DesiredPlugin p : desired.plugins()) {
            PluginChange change = plugin(desired, p, actual);
            changes.add(change);
            pluginRefs.put(p.role(), change.action() == Action.NONE || change.action() == Action.UPDATE
                    ? ref(change.actual().arn(), change.actual().revision()) : null);
        }
        WorkerConfigurationChange worker = worker(desired, actual);
        changes.add(worker);
        String workerRef = worker.action() == Action.CREATE ? null : ref(worker.actual().arn(), worker.actual().revision());
        List<ConnectorChange> connectorChanges = desired.connectors().stream()
                .map(c -> connector(desired, c, actual, pluginRefs, workerRef)).toList();
        changes.addAll(connectorChanges);
        changes.addAll(removals(desired, actual, connectorChanges));
        return new Plan(desired, List.copyOf(changes), true);
    }

    /** The plan when MSK Connect cannot be asked (preflight failed): everything as if it were to be created. */
    public static Plan unchecked(DesiredState desired) {
        ActualState nothing = new ActualState(List.of(), List.of(), List.of());
        return new Planner(p -> false).plan(desired, nothing).asUnchecked();
    }

    private static void refuseForeignNames(DesiredState desired, ActualState actual) {
        List<Finding> findings = new ArrayList<>();
        for (DesiredConnector c : desired.connectors()) {
            actual.connector(c.name()).filter(a -> !owned(a.tags(), desired)).ifPresent(a -> findings.add(Finding.error(
                    "connector " + c.name(), "a connector of that name exists (" + a.arn() + ") and is not tagged "
                            + DesiredState.OWNER_TAG + "=" + desired.pipeline() + ", so this pipeline does not own it",
                    "give the pipeline's connector another name (debezium.connectorName / sink.connectorName), delete the"
                            + " other connector, or tag it " + DesiredState.OWNER_TAG + "=" + desired.pipeline() + " to adopt it")));
        }
        if (!findings.isEmpty()) {
            throw new PreflightException(findings);
        }
    }

    private PluginChange plugin(DesiredState desired, DesiredPlugin p, ActualState actual) {
        ActualState.Plugin a = actual.plugin(p.name()).orElse(null);
        String where = "s3://" + desired.pluginBucket() + "/" + p.key();
        boolean upload = !uploaded.test(p);
        String uploadLine = upload ? String.format("upload %s (%.1f MB) to %s", p.archive().zip().getFileName(),
                p.archive().size() / 1e6, where) : "zip already in " + where + " (upload skipped)";
        List<String> source = List.of("from " + p.archive().source() + ", sha256 " + p.archive().sha256());
        if (a == null) {
            return new PluginChange(Action.CREATE, p, null, upload, Map.of(), concat(source, List.of(uploadLine)));
        }
        if (a.state() == CustomPluginState.CREATE_FAILED) {
            return new PluginChange(Action.REPLACE, p, a, upload, Map.of(), concat(List.of("is CREATE_FAILED"
                    + (a.stateMessage() == null ? "" : " (" + a.stateMessage() + ")") + "; deleted and created again"), List.of(uploadLine)));
        }
        Map<String, String> missing = missingTags(desired.tags(), a.tags());
        List<String> details = new ArrayList<>();
        if (a.state() != CustomPluginState.ACTIVE) {
            details.add("is " + a.state() + "; apply waits for it");
        }
        details.addAll(tagLines(missing));
        return new PluginChange(missing.isEmpty() ? Action.NONE : Action.UPDATE, p, a, false, missing, details);
    }

    private static WorkerConfigurationChange worker(DesiredState desired, ActualState actual) {
        DesiredWorkerConfiguration w = desired.workerConfiguration();
        ActualState.WorkerConfiguration a = actual.workerConfiguration(w.name()).orElse(null);
        if (a == null) {
            List<String> lines = new ArrayList<>();
            w.propertiesFileContent().lines().forEach(l -> lines.add("  " + l));
            return new WorkerConfigurationChange(Action.CREATE, w, null, Map.of(), lines);
        }
        Map<String, String> missing = missingTags(desired.tags(), a.tags());
        return new WorkerConfigurationChange(missing.isEmpty() ? Action.NONE : Action.UPDATE, w, a, missing, tagLines(missing));
    }

    private ConnectorChange connector(DesiredState desired, DesiredConnector c, ActualState actual,
                                      Map<String, String> pluginRefs, String workerRef) {
        ActualState.Connector a = actual.connector(c.name()).orElse(null);
        String wantedPlugin = Objects.requireNonNullElse(pluginRefs.get(c.pluginRole()), desired.plugin(c.pluginRole()).name() + " (new)");
        String wantedWorker = Objects.requireNonNullElse(workerRef, desired.workerConfiguration().name() + " (new)");
        if (a == null) {
            return new ConnectorChange(Action.CREATE, c, null, false, false, false, false, Map.of(), creation(c, wantedPlugin, wantedWorker));
        }
        DescribeConnectorResponse d = a.description();
        if (d.connectorState() == ConnectorState.FAILED) {
            String why = d.stateDescription() == null ? "" : " (" + d.stateDescription().code() + ": " + d.stateDescription().message() + ")";
            return new ConnectorChange(Action.REPLACE, c, a, false, false, false, false, Map.of(), concat(List.of("is FAILED" + why
                    + "; MSK Connect cannot update a failed connector, so it is deleted and created again"), creation(c, wantedPlugin, wantedWorker)));
        }
        List<String> fixed = new ArrayList<>();
        var cluster = d.kafkaCluster() == null ? null : d.kafkaCluster().apacheKafkaCluster();
        differs(fixed, "bootstrap servers", cluster == null ? null : cluster.bootstrapServers(), c.bootstrapServers());
        differs(fixed, "subnets", cluster == null ? null : sorted(cluster.vpc().subnets()), sorted(c.subnets()));
        differs(fixed, "security groups", cluster == null ? null : sorted(cluster.vpc().securityGroups()), sorted(c.securityGroups()));
        differs(fixed, "client authentication", d.kafkaClusterClientAuthentication() == null ? null
                : d.kafkaClusterClientAuthentication().authenticationTypeAsString(), c.authentication().name());
        differs(fixed, "encryption in transit", d.kafkaClusterEncryptionInTransit() == null ? null
                : d.kafkaClusterEncryptionInTransit().encryptionTypeAsString(), c.encryption().name());
        differs(fixed, "Kafka Connect version", d.kafkaConnectVersion(), c.kafkaConnectVersion());
        differs(fixed, "service execution role", d.serviceExecutionRoleArn(), c.serviceExecutionRoleArn());
        differs(fixed, "log delivery", logDelivery(d.logDelivery() == null ? null : d.logDelivery().workerLogDelivery()),
                logDelivery(c.logDelivery()));
        if (!fixed.isEmpty()) {
            List<String> details = new ArrayList<>();
            details.add("MSK Connect cannot change these in place, so the connector is deleted and created again:");
            fixed.forEach(f -> details.add("  " + f));
            return new ConnectorChange(Action.REPLACE, c, a, false, false, false, false, Map.of(), details);
        }
        List<String> details = new ArrayList<>();
        if (d.connectorState() != ConnectorState.RUNNING) {
            details.add("is " + d.connectorStateAsString() + (d.connectorStateAsString().equals("PAUSED")
                    ? "; apply leaves it paused ('deploy resume' runs it)" : "; apply waits for it"));
        }
        String actualPlugin = d.plugins().isEmpty() ? null : ref(d.plugins().get(0).customPlugin().customPluginArn(),
                d.plugins().get(0).customPlugin().revision());
        boolean plugin = !Objects.equals(actualPlugin, wantedPlugin);
        if (plugin) {
            details.add("custom plugin (UpdateConnector): " + shownRef(actualPlugin, actual) + " -> "
                    + shownRef(wantedPlugin, actual));
        }
        String actualWorker = d.workerConfiguration() == null ? null
                : ref(d.workerConfiguration().workerConfigurationArn(), d.workerConfiguration().revision());
        boolean worker = !Objects.equals(actualWorker, wantedWorker);
        if (worker) {
            details.add("worker configuration (UpdateConnector): " + (actualWorker == null ? "MSK Connect's default"
                    : shownRef(actualWorker, actual)) + " -> " + shownRef(wantedWorker, actual));
        }
        List<String> configDiff = configDiff(d.connectorConfiguration(), c.config().config());
        if (!configDiff.isEmpty()) {
            details.add("connector configuration (UpdateConnector):");
            configDiff.forEach(l -> details.add("  " + l));
        }
        String actualCapacity = capacity(d.capacity());
        String wantedCapacity = capacity(c.capacity());
        boolean capacity = !actualCapacity.equals(wantedCapacity);
        if (capacity) {
            details.add("capacity (UpdateConnector): " + actualCapacity + " -> " + wantedCapacity);
        }
        Map<String, String> missing = missingTags(desired.tags(), a.tags());
        details.addAll(tagLines(missing));
        boolean update = plugin || worker || !configDiff.isEmpty() || capacity || !missing.isEmpty();
        return new ConnectorChange(update ? Action.UPDATE : Action.NONE, c, a, plugin, worker, !configDiff.isEmpty(),
                capacity, missing, details);
    }

    private List<Removal> removals(DesiredState desired, ActualState actual, List<ConnectorChange> connectorChanges) {
        Set<String> wantedConnectors = new HashSet<>();
        desired.connectors().forEach(c -> wantedConnectors.add(c.name()));
        List<Removal> removals = new ArrayList<>();
        Set<String> stillUsed = new HashSet<>();
        for (ActualState.Connector c : actual.connectors()) {
            ConnectorChange change = connectorChanges.stream().filter(ch -> ch.actual() == c).findFirst().orElse(null);
            boolean replaced = change != null && change.action() == Action.REPLACE;
            if (!wantedConnectors.contains(c.name()) && owned(c.tags(), desired)) {
                removals.add(new Removal("connector", c.name(), c.arn(), c.description().currentVersion(),
                        "owned by pipeline " + desired.pipeline() + " and no longer in it"));
            } else if (!replaced) {
                if (change == null || !change.plugin()) {
                    c.description().plugins().forEach(p -> stillUsed.add(p.customPlugin().customPluginArn()));
                }
                if (c.description().workerConfiguration() != null && (change == null || !change.workerConfiguration())) {
                    stillUsed.add(c.description().workerConfiguration().workerConfigurationArn());
                }
            }
        }
        Set<String> wantedNames = new HashSet<>();
        desired.plugins().forEach(p -> wantedNames.add(p.name()));
        wantedNames.add(desired.workerConfiguration().name());
        for (ActualState.Plugin p : actual.plugins()) {
            if (!wantedNames.contains(p.name()) && owned(p.tags(), desired) && !stillUsed.contains(p.arn())) {
                removals.add(new Removal("custom plugin", p.name(), p.arn(), null, "owned by pipeline " + desired.pipeline()
                        + " and no longer used"));
            }
        }
        for (ActualState.WorkerConfiguration w : actual.workerConfigurations()) {
            if (!wantedNames.contains(w.name()) && owned(w.tags(), desired) && !stillUsed.contains(w.arn())) {
                removals.add(new Removal("worker configuration", w.name(), w.arn(), null, "owned by pipeline "
                        + desired.pipeline() + " and no longer used"));
            }
        }
        return removals;
    }

    private static List<String> creation(DesiredConnector c, String plugin, String worker) {
        List<String> lines = new ArrayList<>();
        lines.add("cluster " + c.bootstrapServers() + " (" + c.authentication() + ", " + c.encryption() + "), subnets "
                + c.subnets() + ", security groups " + c.securityGroups());
        lines.add("capacity " + capacity(c.capacity()) + ", Kafka Connect " + c.kafkaConnectVersion());
        lines.add("service execution role " + c.serviceExecutionRoleArn());
        lines.add("log delivery " + logDelivery(c.logDelivery()));
        lines.add("plugin " + plugin + ", worker configuration " + worker);
        lines.add("connector configuration:");
        c.config().redacted().config().forEach((k, v) -> lines.add("  " + k + " = " + v));
        return lines;
    }

    /** Added, removed and changed properties, sorted by name; secret values shown as {@value ConnectorConfig#REDACTED}. */
    static List<String> configDiff(Map<String, String> actual, Map<String, String> wanted) {
        List<String> lines = new ArrayList<>();
        Set<String> keys = new TreeSet<>(actual.keySet());
        keys.addAll(wanted.keySet());
        for (String k : keys) {
            String was = actual.get(k);
            String now = wanted.get(k);
            if (was == null) {
                lines.add("+ " + k + " = " + shown(k, now));
            } else if (now == null) {
                lines.add("- " + k);
            } else if (!was.equals(now)) {
                lines.add("~ " + k + ": " + shown(k, was) + " -> " + shown(k, now));
            }
        }
        return lines;
    }

    private static String shown(String key, String value) {
        return ConnectorConfig.isSecret(key) && !(value.startsWith("${") && value.endsWith("}")) ? ConnectorConfig.REDACTED : value;
    }

    /** {@code 1 worker(s) x 1 MCU}, or {@code autoscaling 1..4 worker(s) x 1 MCU, ...}. */
    public static String capacity(MskConnect.Capacity c) {
        if (c.provisioned() != null) {
            return c.provisioned().workerCount() + " worker(s) x " + c.provisioned().mcuCount() + " MCU";
        }
        MskConnect.Capacity.Autoscaling a = c.autoscaling();
        return "autoscaling " + a.minWorkerCount() + ".." + a.maxWorkerCount() + " worker(s) x " + a.mcuCount()
                + " MCU, scale in below " + a.scaleInCpuPercentage() + "% CPU, out above " + a.scaleOutCpuPercentage() + "%";
    }

    /** As {@link #capacity(MskConnect.Capacity)}, for what DescribeConnector says. */
    public static String capacity(CapacityDescription c) {
        if (c == null) {
            return "unknown";
        }
        if (c.provisionedCapacity() != null) {
            return c.provisionedCapacity().workerCount() + " worker(s) x " + c.provisionedCapacity().mcuCount() + " MCU";
        }
        var a = c.autoScaling();
        return "autoscaling " + a.minWorkerCount() + ".." + a.maxWorkerCount() + " worker(s) x " + a.mcuCount()
                + " MCU, scale in below " + a.scaleInPolicy().cpuUtilizationPercentage() + "% CPU, out above "
                + a.scaleOutPolicy().cpuUtilizationPercentage() + "%";
    }

    static String logDelivery(MskConnect.LogDelivery l) {
        if (l == null) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (l.cloudWatchLogs() != null) {
            parts.add("CloudWatch Logs " + l.cloudWatchLogs().logGroup());
        }
        if (l.s3() != null) {
            parts.add("s3://" + l.s3().bucket() + "/" + Objects.requireNonNullElse(l.s3().prefix(), ""));
        }
        if (l.firehose() != null) {
            parts.add("Firehose " + l.firehose().deliveryStream());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static String logDelivery(WorkerLogDeliveryDescription l) {
        if (l == null) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (l.cloudWatchLogs() != null && Boolean.TRUE.equals(l.cloudWatchLogs().enabled())) {
            parts.add("CloudWatch Logs " + l.cloudWatchLogs().logGroup());
        }
        if (l.s3() != null && Boolean.TRUE.equals(l.s3().enabled())) {
            parts.add("s3://" + l.s3().bucket() + "/" + Objects.requireNonNullElse(l.s3().prefix(), ""));
        }
        if (l.firehose() != null && Boolean.TRUE.equals(l.firehose().enabled())) {
            parts.add("Firehose " + l.firehose().deliveryStream());
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static void differs(List<String> lines, String what, String actual, String wanted) {
        if (!Objects.equals(actual, wanted)) {
            lines.add(what + ": " + actual + " -> " + wanted);
        }
    }

    private static String sorted(List<String> values) {
        return new TreeSet<>(values).toString();
    }

    static String ref(String arn, Long revision) {
        return arn + "@" + revision;
    }

    /** A plugin's or worker configuration's {@link #ref} as people know it: its name and revision. */
    private static String shownRef(String ref, ActualState actual) {
        int at = ref.lastIndexOf('@');
        if (at < 0) {
            return ref; // "<name> (new)"
        }
        String arn = ref.substring(0, at);
        String name = actual.plugins().stream().filter(p -> p.arn().equals(arn)).map(ActualState.Plugin::name).findFirst()
                .or(() -> actual.workerConfigurations().stream().filter(w -> w.arn().equals(arn))
                        .map(ActualState.WorkerConfiguration::name).findFirst())
                .orElse(arn);
        return name + " (revision " + ref.substring(at + 1) + ")";
    }

    private static boolean owned(Map<String, String> tags, DesiredState desired) {
        return desired.pipeline().equals(tags.get(DesiredState.OWNER_TAG));
    }

    private static Map<String, String> missingTags(Map<String, String> wanted, Map<String, String> actual) {
        Map<String, String> missing = new TreeMap<>();
        wanted.forEach((k, v) -> {
            if (!v.equals(actual.get(k))) {
                missing.put(k, v);
            }
        });
        return missing;
    }

    private static List<String> tagLines(Map<String, String> missing) {
        return missing.isEmpty() ? List.of() : List.of("tags (TagResource): " + missing);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
