package io.cdclake.mskemulator.model;

import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.ClientAuthentication;
import io.cdclake.mskemulator.model.Shapes.EncryptionInTransit;
import io.cdclake.mskemulator.model.Shapes.KafkaCluster;
import io.cdclake.mskemulator.model.Shapes.LogDelivery;
import io.cdclake.mskemulator.model.Shapes.Plugin;
import io.cdclake.mskemulator.model.Shapes.StateDescription;
import io.cdclake.mskemulator.model.Shapes.WorkerConfigurationRef;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A connector as MSK Connect describes it. {@code configuration} is the configuration in effect: an update replaces
 * it only once the worker group runs the new one.
 *
 * @param currentVersion opaque version string that UpdateConnector and DeleteConnector must quote back
 */
public record Connector(String arn, String name, String description, ConnectorState state,
                        StateDescription stateDescription, Instant creationTime, String currentVersion,
                        Capacity capacity, Map<String, String> configuration, KafkaCluster kafkaCluster,
                        ClientAuthentication clientAuthentication, EncryptionInTransit encryptionInTransit,
                        String kafkaConnectVersion, LogDelivery logDelivery, String networkType, List<Plugin> plugins,
                        String serviceExecutionRoleArn, WorkerConfigurationRef workerConfiguration) {

    public Connector {
        configuration = configuration == null ? Map.of() : Map.copyOf(configuration);
        plugins = plugins == null ? List.of() : List.copyOf(plugins);
    }

    public Connector withState(ConnectorState newState, StateDescription why) {
        return new Connector(arn, name, description, newState, why, creationTime, currentVersion, capacity,
                configuration, kafkaCluster, clientAuthentication, encryptionInTransit, kafkaConnectVersion,
                logDelivery, networkType, plugins, serviceExecutionRoleArn, workerConfiguration);
    }

    /** The connector after an update took effect: new settings, new version, running. */
    public Connector updated(Capacity newCapacity, Map<String, String> newConfiguration, List<Plugin> newPlugins,
                             WorkerConfigurationRef newWorkerConfiguration, String newVersion) {
        return new Connector(arn, name, description, ConnectorState.RUNNING, null, creationTime, newVersion,
                newCapacity, newConfiguration, kafkaCluster, clientAuthentication, encryptionInTransit,
                kafkaConnectVersion, logDelivery, networkType, newPlugins, serviceExecutionRoleArn, newWorkerConfiguration);
    }
}
