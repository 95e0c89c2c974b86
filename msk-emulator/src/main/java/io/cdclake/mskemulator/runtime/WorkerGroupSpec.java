package io.cdclake.mskemulator.runtime;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How to start one connector's worker group: its own group id and internal topics, a plugin path holding only its
 * plugins, and the worker configuration's properties. Internal topics are named as MSK Connect names them,
 * {@code __amazon_msk_connect_<configs|offsets|status>_<connector name>_<connector id>}; a worker configuration may
 * choose its own {@code offset.storage.topic}, as on MSK Connect. Plugins that do not declare their connectors in
 * {@code META-INF/services} are found by scanning ({@code plugin.discovery=hybrid_warn}, Kafka Connect's default)
 * unless the worker configuration chooses otherwise.
 *
 * @param workerProperties the worker configuration's properties, applied on top of the group's own settings
 */
public record WorkerGroupSpec(String connectorArn, String groupId, String configTopic, String offsetTopic,
                              String statusTopic, String bootstrapServers, List<Path> pluginPath,
                              Map<String, String> workerProperties) {

    private static final String TOPIC_PREFIX = "__amazon_msk_connect_";

    public WorkerGroupSpec {
        pluginPath = List.copyOf(pluginPath);
        workerProperties = Map.copyOf(workerProperties);
    }

    public static WorkerGroupSpec of(String connectorArn, String connectorName, String connectorId, String bootstrapServers,
                                     List<Path> pluginPath, boolean pluginsDeclaredAsServices,
                                     Map<String, String> workerProperties) {
        // topic names allow letters, digits, '.', '_' and '-' only
        String suffix = connectorName.replaceAll("[^A-Za-z0-9._-]", "_") + "_" + connectorId;
        Map<String, String> properties = new HashMap<>(workerProperties);
        if (!pluginsDeclaredAsServices) {
            properties.putIfAbsent("plugin.discovery", "hybrid_warn");
        }
        return new WorkerGroupSpec(connectorArn, "msk-connect-" + suffix, TOPIC_PREFIX + "configs_" + suffix,
                workerProperties.getOrDefault("offset.storage.topic", TOPIC_PREFIX + "offsets_" + suffix),
                TOPIC_PREFIX + "status_" + suffix, bootstrapServers, pluginPath, properties);
    }
}
