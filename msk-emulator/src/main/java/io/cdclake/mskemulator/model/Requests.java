package io.cdclake.mskemulator.model;

import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.ClientAuthentication;
import io.cdclake.mskemulator.model.Shapes.CustomPluginLocation;
import io.cdclake.mskemulator.model.Shapes.EncryptionInTransit;
import io.cdclake.mskemulator.model.Shapes.KafkaCluster;
import io.cdclake.mskemulator.model.Shapes.LogDelivery;
import io.cdclake.mskemulator.model.Shapes.Plugin;
import io.cdclake.mskemulator.model.Shapes.WorkerConfigurationRef;

import java.util.List;
import java.util.Map;

/** The JSON bodies of the operations that take one, member for member as the AWS SDK sends them. */
public final class Requests {

    private Requests() {
    }

    public record CreateCustomPlugin(String contentType, String description, CustomPluginLocation location,
                                     String name, Map<String, String> tags) {
    }

    public record CreateWorkerConfiguration(String description, String name, String propertiesFileContent,
                                            Map<String, String> tags) {
    }

    public record CreateConnector(Capacity capacity, Map<String, String> connectorConfiguration,
                                  String connectorDescription, String connectorName, KafkaCluster kafkaCluster,
                                  ClientAuthentication kafkaClusterClientAuthentication,
                                  EncryptionInTransit kafkaClusterEncryptionInTransit, String kafkaConnectVersion,
                                  LogDelivery logDelivery, String networkType, List<Plugin> plugins,
                                  String serviceExecutionRoleArn, WorkerConfigurationRef workerConfiguration,
                                  Map<String, String> tags) {
    }

    /**
     * One change per update: the capacity, the connector configuration, or the worker setting (plugins, a worker
     * configuration or the default one).
     */
    public record UpdateConnector(Capacity capacity, Map<String, String> connectorConfiguration, List<Plugin> plugins,
                                  WorkerConfigurationRef workerConfiguration, Boolean useDefaultWorkerConfiguration,
                                  Boolean skipHealthValidation) {
    }

    public record TagResource(Map<String, String> tags) {
    }
}
