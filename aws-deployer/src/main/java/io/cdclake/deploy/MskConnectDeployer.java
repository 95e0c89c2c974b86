package io.cdclake.deploy;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfig;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.Capacity;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorSummary;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginContentType;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginSummary;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeCustomPluginResponse;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterClientAuthenticationType;
import software.amazon.awssdk.services.kafkaconnect.model.KafkaClusterEncryptionInTransitType;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationSummary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Applies a pipeline to MSK Connect (AWS, or the local emulator through an endpoint override): uploads the
 * plugin zips under their content hash, creates the custom plugins and the worker configuration once per
 * content, then creates each connector or updates its configuration in place, and waits until it runs. Applying
 * twice changes nothing the second time. Every resource carries the tag {@value #OWNER_TAG} naming the pipeline.
 */
public final class MskConnectDeployer {

    public static final String OWNER_TAG = "cdclake:pipeline";

    private final KafkaConnectClient msk;
    private final S3Client s3;
    private final Consumer<String> progress;
    private final Duration timeout;

    public MskConnectDeployer(KafkaConnectClient msk, S3Client s3, Consumer<String> progress, Duration timeout) {
        this.msk = msk;
        this.s3 = s3;
        this.progress = progress;
        this.timeout = timeout;
    }

    /** What one apply did to each resource: created, updated, or unchanged. */
    public record Change(String resource, String name, String action) {
        @Override
        public String toString() {
            return action + " " + resource + " " + name;
        }
    }

    /**
     * @param bindings the running runtime's endpoints for runtime-bound environments (emulator); null on AWS
     */
    public List<Change> apply(Pipeline pipeline, String environment, RuntimeBindings bindings, Path workDir) {
        Environment env = pipeline.environment(environment);
        MskConnect m = env.msk();
        if (m == null) {
            throw new IllegalArgumentException("environments." + environment + ".msk is not set: the pipeline has no"
                    + " MSK Connect deployment for " + environment);
        }
        ConnectorConfigs configs = ConnectorRenderer.render(pipeline, environment, bindings);
        List<Change> changes = new java.util.ArrayList<>();
        Map<String, String> tags = new LinkedHashMap<>(m.tags());
        tags.put(OWNER_TAG, pipeline.name());

        CustomPluginSummary debezium = plugin(pipeline, m, "debezium",
                PluginArchives.debeziumZip(m.plugins().debeziumVersion(), workDir), tags, changes);
        CustomPluginSummary sink = plugin(pipeline, m, "sink", PluginArchives.builtInSinkZip(), tags, changes);
        WorkerConfigurationSummary worker = workerConfiguration(pipeline, m, tags, changes);

        String bootstrap = bindings != null && bindings.kafkaBootstrapServers() != null
                ? bindings.kafkaBootstrapServers() : m.cluster().bootstrapServers();
        connector(configs.source(), debezium, worker, m, bootstrap, tags, changes);
        connector(configs.sink(), sink, worker, m, bootstrap, tags, changes);
        return changes;
    }

    /** Waits until the named connector is RUNNING; fails with MSK Connect's stateDescription when it FAILED. */
    public DescribeConnectorResponse awaitRunning(String connectorName, Duration timeout) {
        ConnectorSummary summary = findConnector(connectorName).orElseThrow(() ->
                new IllegalStateException("connector " + connectorName + " does not exist"));
        return waitFor("connector " + connectorName, timeout, () -> {
            DescribeConnectorResponse d = msk.describeConnector(r -> r.connectorArn(summary.connectorArn()));
            if (d.connectorState() == ConnectorState.FAILED) {
                throw new IllegalStateException("connector " + connectorName + " FAILED: "
                        + (d.stateDescription() == null ? "no reason given" : d.stateDescription().code() + ": "
                        + d.stateDescription().message()));
            }
            return d.connectorState() == ConnectorState.RUNNING ? d : null;
        }, d -> d.connectorStateAsString());
    }

    /** Each connector of the pipeline: its state, capacity, plugins and, when FAILED, MSK Connect's reason. */
    public List<String> status(Pipeline pipeline) {
        List<String> lines = new java.util.ArrayList<>();
        for (String name : List.of(pipeline.debezium().connectorName(), pipeline.sink().connectorName())) {
            Optional<ConnectorSummary> summary = findConnector(name);
            if (summary.isEmpty()) {
                lines.add(name + ": not deployed");
                continue;
            }
            DescribeConnectorResponse d = msk.describeConnector(r -> r.connectorArn(summary.get().connectorArn()));
            String capacity = d.capacity().provisionedCapacity() != null
                    ? d.capacity().provisionedCapacity().workerCount() + " worker(s) x " + d.capacity().provisionedCapacity().mcuCount() + " MCU"
                    : "autoscaling " + d.capacity().autoScaling().minWorkerCount() + ".." + d.capacity().autoScaling().maxWorkerCount()
                    + " worker(s) x " + d.capacity().autoScaling().mcuCount() + " MCU";
            String plugins = d.plugins().stream().map(p -> p.customPlugin().customPluginArn() + "@" + p.customPlugin().revision())
                    .collect(Collectors.joining(", "));
            lines.add(name + ": " + d.connectorStateAsString() + ", " + capacity + ", Kafka Connect " + d.kafkaConnectVersion()
                    + ", plugins " + plugins
                    + (d.stateDescription() == null ? "" : ", " + d.stateDescription().code() + ": " + d.stateDescription().message()));
        }
        return lines;
    }

    /** Deletes the connectors this pipeline owns, and waits until they are gone. */
    public void deleteConnectors(Pipeline pipeline) {
        for (String name : List.of(pipeline.sink().connectorName(), pipeline.debezium().connectorName())) {
            findConnector(name).ifPresent(c -> {
                progress.accept("deleting connector " + name);
                msk.deleteConnector(r -> r.connectorArn(c.connectorArn()).currentVersion(c.currentVersion()));
                waitFor("deletion of " + name, timeout, () -> findConnector(name).isEmpty() ? Boolean.TRUE : null, b -> "DELETING");
            });
        }
    }

    private CustomPluginSummary plugin(Pipeline pipeline, MskConnect m, String role, Path zip, Map<String, String> tags,
                                       List<Change> changes) {
        String hash = sha256(zip);
        String name = pipeline.name() + "-" + role + "-" + hash.substring(0, 12);
        String prefix = m.pluginBucket().prefix() == null ? "" : m.pluginBucket().prefix() + "/";
        String key = prefix + name + ".zip";
        String bucket = m.pluginBucket().bucket();
        try {
            s3.headObject(r -> r.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            progress.accept("uploading " + zip.getFileName() + " to s3://" + bucket + "/" + key);
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(zip));
        }
        Optional<CustomPluginSummary> existing = msk.listCustomPluginsPaginator(r -> r.namePrefix(name)).customPlugins()
                .stream().filter(p -> p.name().equals(name)).findFirst();
        String arn;
        if (existing.isPresent()) {
            arn = existing.get().customPluginArn();
            changes.add(new Change("custom plugin", name, "unchanged"));
        } else {
            progress.accept("creating custom plugin " + name);
            arn = msk.createCustomPlugin(r -> r.name(name).contentType(CustomPluginContentType.ZIP)
                    .description(role + " plugin of pipeline " + pipeline.name() + " (sha256 " + hash + ")")
                    .location(l -> l.s3Location(s -> s.bucketArn("arn:aws:s3:::" + bucket).fileKey(key)))
                    .tags(tags)).customPluginArn();
            changes.add(new Change("custom plugin", name, "created"));
        }
        DescribeCustomPluginResponse plugin = waitFor("custom plugin " + name, timeout, () -> {
            DescribeCustomPluginResponse d = msk.describeCustomPlugin(r -> r.customPluginArn(arn));
            if (d.customPluginState() == CustomPluginState.CREATE_FAILED) {
                throw new IllegalStateException("custom plugin " + name + " CREATE_FAILED: "
                        + (d.stateDescription() == null ? "" : d.stateDescription().message()));
            }
            return d.customPluginState() == CustomPluginState.ACTIVE ? d : null;
        }, d -> d.customPluginStateAsString());
        return CustomPluginSummary.builder().name(name).customPluginArn(arn)
                .latestRevision(r -> r.revision(plugin.latestRevision().revision())).build();
    }

    private WorkerConfigurationSummary workerConfiguration(Pipeline pipeline, MskConnect m, Map<String, String> tags,
                                                           List<Change> changes) {
        Map<String, String> properties = new TreeMap<>();
        properties.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        properties.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        properties.putAll(m.workerProperties());
        String content = properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        String name = pipeline.name() + "-worker-" + sha256(content.getBytes(StandardCharsets.UTF_8)).substring(0, 12);
        Optional<WorkerConfigurationSummary> existing = msk.listWorkerConfigurationsPaginator(r -> r.namePrefix(name))
                .workerConfigurations().stream().filter(w -> w.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            changes.add(new Change("worker configuration", name, "unchanged"));
            return existing.get();
        }
        progress.accept("creating worker configuration " + name);
        var created = msk.createWorkerConfiguration(r -> r.name(name).tags(tags)
                .description("worker configuration of pipeline " + pipeline.name())
                .propertiesFileContent(Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8))));
        changes.add(new Change("worker configuration", name, "created"));
        return WorkerConfigurationSummary.builder().name(name).workerConfigurationArn(created.workerConfigurationArn())
                .latestRevision(r -> r.revision(created.latestRevision().revision())).build();
    }

    private void connector(ConnectorConfig config, CustomPluginSummary plugin, WorkerConfigurationSummary worker,
                           MskConnect m, String bootstrap, Map<String, String> tags, List<Change> changes) {
        Optional<ConnectorSummary> existing = findConnector(config.name());
        if (existing.isPresent()) {
            DescribeConnectorResponse d = msk.describeConnector(r -> r.connectorArn(existing.get().connectorArn()));
            if (d.connectorConfiguration().equals(config.config())) {
                changes.add(new Change("connector", config.name(), "unchanged"));
                return;
            }
            progress.accept("updating the configuration of connector " + config.name() + " in place");
            String operation = msk.updateConnector(r -> r.connectorArn(d.connectorArn()).currentVersion(d.currentVersion())
                    .connectorConfiguration(config.config())).connectorOperationArn();
            waitFor("update of " + config.name(), timeout, () -> {
                var op = msk.describeConnectorOperation(r -> r.connectorOperationArn(operation));
                return switch (op.connectorOperationState()) {
                    case UPDATE_COMPLETE -> op;
                    case UPDATE_FAILED, ROLLBACK_COMPLETE, ROLLBACK_FAILED -> throw new IllegalStateException(
                            "updating connector " + config.name() + " ended " + op.connectorOperationStateAsString());
                    default -> null;
                };
            }, op -> op.connectorOperationStateAsString());
            changes.add(new Change("connector", config.name(), "updated"));
            return;
        }
        progress.accept("creating connector " + config.name());
        MskConnect.Cluster cluster = m.cluster();
        msk.createConnector(r -> r.connectorName(config.name())
                .connectorConfiguration(config.config())
                .kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers(bootstrap)
                        .vpc(v -> v.subnets(cluster.subnets()).securityGroups(cluster.securityGroups()))))
                .kafkaClusterClientAuthentication(a -> a.authenticationType(
                        KafkaClusterClientAuthenticationType.fromValue(cluster.clientAuthentication().name())))
                .kafkaClusterEncryptionInTransit(e -> e.encryptionType(
                        KafkaClusterEncryptionInTransitType.fromValue(cluster.encryptionInTransit().name())))
                .capacity(capacity(m.capacity()))
                .kafkaConnectVersion(m.kafkaConnectVersion())
                .serviceExecutionRoleArn(m.serviceExecutionRoleArn())
                .plugins(p -> p.customPlugin(c -> c.customPluginArn(plugin.customPluginArn())
                        .revision(plugin.latestRevision().revision())))
                .workerConfiguration(w -> w.workerConfigurationArn(worker.workerConfigurationArn())
                        .revision(worker.latestRevision().revision()))
                .logDelivery(l -> l.workerLogDelivery(w -> {
                    MskConnect.LogDelivery logs = m.logDelivery();
                    if (logs != null && logs.cloudWatchLogs() != null) {
                        w.cloudWatchLogs(c -> c.enabled(true).logGroup(logs.cloudWatchLogs().logGroup()));
                    }
                    if (logs != null && logs.s3() != null) {
                        w.s3(s -> s.enabled(true).bucket(logs.s3().bucket()).prefix(logs.s3().prefix()));
                    }
                    if (logs != null && logs.firehose() != null) {
                        w.firehose(f -> f.enabled(true).deliveryStream(logs.firehose().deliveryStream()));
                    }
                }))
                .tags(tags));
        changes.add(new Change("connector", config.name(), "created"));
    }

    private static Capacity capacity(MskConnect.Capacity c) {
        if (c.provisioned() != null) {
            return Capacity.builder().provisionedCapacity(p -> p.mcuCount(c.provisioned().mcuCount())
                    .workerCount(c.provisioned().workerCount())).build();
        }
        MskConnect.Capacity.Autoscaling a = c.autoscaling();
        return Capacity.builder().autoScaling(s -> s.mcuCount(a.mcuCount()).minWorkerCount(a.minWorkerCount())
                .maxWorkerCount(a.maxWorkerCount())
                .scaleInPolicy(i -> i.cpuUtilizationPercentage(a.scaleInCpuPercentage()))
                .scaleOutPolicy(o -> o.cpuUtilizationPercentage(a.scaleOutCpuPercentage()))).build();
    }

    private Optional<ConnectorSummary> findConnector(String name) {
        return msk.listConnectorsPaginator(r -> r.connectorNamePrefix(name)).connectors().stream()
                .filter(c -> c.connectorName().equals(name)).findFirst();
    }

    /** Polls until {@code check} returns a value, printing the state with the elapsed time every few seconds. */
    private <T> T waitFor(String what, Duration timeout, Supplier<T> check, java.util.function.Function<T, String> state) {
        long start = System.nanoTime();
        long lastShown = 0;
        while (true) {
            T result = check.get();
            long elapsed = System.nanoTime() - start;
            if (result != null) {
                progress.accept(String.format("%s: %s after %.1f s", what, state.apply(result), elapsed / 1e9));
                return result;
            }
            if (elapsed > timeout.toNanos()) {
                throw new IllegalStateException(what + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (elapsed - lastShown > 5_000_000_000L) {
                progress.accept(String.format("%s: waiting (%.0f s)", what, elapsed / 1e9));
                lastShown = elapsed;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what);
            }
        }
    }

    private static String sha256(Path file) {
        try {
            return sha256(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
