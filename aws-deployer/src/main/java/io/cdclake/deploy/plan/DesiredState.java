package io.cdclake.deploy.plan;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfig;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.deploy.plugin.Digests;
import io.cdclake.deploy.plugin.PluginArchive;
import io.cdclake.deploy.plugin.PluginSources;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What a pipeline's environment should look like on MSK Connect: two custom plugins (named by content hash), one
 * worker configuration (named by content hash), two connectors, every one tagged with {@value #OWNER_TAG}.
 */
public record DesiredState(String pipeline, String environment, Environment.Kind kind, Map<String, String> tags,
                           String pluginBucket, List<DesiredPlugin> plugins,
                           DesiredWorkerConfiguration workerConfiguration, List<DesiredConnector> connectors) {

    /** The tag whose value names the pipeline that owns a resource; destroy deletes only what carries it. */
    public static final String OWNER_TAG = "cdclake:pipeline";

    /** Worker properties every deployment sets (the pipeline's own come on top). */
    static final Map<String, String> BASE_WORKER_PROPERTIES = Map.of(
            "key.converter", "org.apache.kafka.connect.storage.StringConverter",
            "value.converter", "org.apache.kafka.connect.json.JsonConverter");

    /** A custom plugin: its zip, where it goes in the plugin bucket, and its name, {@code <pipeline>-<role>-<sha12>}. */
    public record DesiredPlugin(String role, String name, PluginArchive archive, String key) {
    }

    /** The worker configuration as a properties file; named {@code <pipeline>-worker-<sha12 of the content>}. */
    public record DesiredWorkerConfiguration(String name, String propertiesFileContent) {
    }

    /** One connector with every setting CreateConnector takes. */
    public record DesiredConnector(String name, String description, ConnectorConfig config, String pluginRole,
                                   String bootstrapServers, List<String> subnets, List<String> securityGroups,
                                   MskConnect.ClientAuthentication authentication,
                                   MskConnect.EncryptionInTransit encryption, MskConnect.Capacity capacity,
                                   String kafkaConnectVersion, String serviceExecutionRoleArn,
                                   MskConnect.LogDelivery logDelivery) {
    }

    /**
     * The desired state of {@code environment}.
     *
     * @param bindings the running local runtime's endpoints for an {@code emulator} environment; null on AWS
     */
    public static DesiredState of(Pipeline pipeline, String environment, RuntimeBindings bindings, PluginSources sources) {
        Environment env = pipeline.environment(environment);
        MskConnect m = env.msk();
        ConnectorConfigs configs = ConnectorRenderer.render(pipeline, environment, bindings);
        Map<String, String> tags = new TreeMap<>(m.tags());
        tags.put(OWNER_TAG, pipeline.name());

        String prefix = m.pluginBucket().prefix();
        List<DesiredPlugin> plugins = List.of(sources.debezium(m.plugins().debeziumVersion()), sources.sink(m.plugins().sink()))
                .stream().map(a -> new DesiredPlugin(a.role(), pipeline.name() + "-" + a.role() + "-" + a.sha256().substring(0, 12),
                        a, a.key(prefix))).toList();

        Map<String, String> properties = new TreeMap<>(BASE_WORKER_PROPERTIES);
        if (ConnectorRenderer.exactlyOnce(env)) {
            // a worker configuration may set it (MSK Connect supports every property outside its listed exceptions),
            // and the source connector requires it
            properties.put(ConnectorRenderer.EXACTLY_ONCE_WORKER_PROPERTY, "enabled");
        }
        properties.putAll(m.workerProperties());
        String content = properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "", "\n"));
        DesiredWorkerConfiguration worker = new DesiredWorkerConfiguration(
                pipeline.name() + "-worker-" + Digests.sha256(content).substring(0, 12), content);

        String bootstrap = env.kind().runtimeBound() && bindings != null && bindings.kafkaBootstrapServers() != null
                ? bindings.kafkaBootstrapServers() : m.cluster().bootstrapServers();
        List<DesiredConnector> connectors = List.of(
                connector(pipeline, m, configs.source(), "debezium", "Debezium PostgreSQL source", bootstrap),
                connector(pipeline, m, configs.sink(), "sink", "S3 sink", bootstrap));
        return new DesiredState(pipeline.name(), environment, env.kind(), java.util.Collections.unmodifiableMap(tags),
                m.pluginBucket().bucket(), plugins, worker, connectors);
    }

    private static DesiredConnector connector(Pipeline p, MskConnect m, ConnectorConfig config, String role, String what,
                                              String bootstrap) {
        MskConnect.Cluster c = m.cluster();
        return new DesiredConnector(config.name(), what + " of cdc-lake pipeline " + p.name(), config, role, bootstrap,
                c.subnets(), c.securityGroups(), c.clientAuthentication(), c.encryptionInTransit(), m.capacity(),
                m.kafkaConnectVersion(), m.serviceExecutionRoleArn(), m.logDelivery());
    }

    public DesiredPlugin plugin(String role) {
        return plugins.stream().filter(p -> p.role().equals(role)).findFirst().orElseThrow();
    }
}
