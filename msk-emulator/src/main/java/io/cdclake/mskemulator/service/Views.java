package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorOperation;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.CustomPluginState;
import io.cdclake.mskemulator.model.Shapes.CustomPluginLocation;
import io.cdclake.mskemulator.model.WorkerConfiguration;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders resources in the response shapes of the MSK Connect API (member names as in the service model). */
final class Views {

    private final ObjectMapper json;

    Views(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object(Object... namesAndValues) {
        ObjectNode node = json.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            Object value = namesAndValues[i + 1];
            if (value != null) {
                node.set((String) namesAndValues[i], json.valueToTree(value));
            }
        }
        return node;
    }

    <T> ObjectNode list(String member, List<T> items, Function<T, ObjectNode> view, String nextToken) {
        ArrayNode array = json.createArrayNode();
        items.forEach(item -> array.add(view.apply(item)));
        ObjectNode node = object("nextToken", nextToken);
        node.set(member, array);
        return node;
    }

    // ---- custom plugins

    ObjectNode customPluginSummary(CustomPlugin p) {
        return object("creationTime", p.creationTime(), "customPluginArn", p.arn(), "customPluginState", p.state(),
                "description", p.description(), "latestRevision", latestRevision(p), "name", p.name());
    }

    ObjectNode describeCustomPlugin(CustomPlugin p) {
        return customPluginSummary(p).setAll(object("stateDescription", p.stateDescription()));
    }

    /** Only a plugin whose file was accepted has a revision to show, as on AWS. */
    private ObjectNode latestRevision(CustomPlugin p) {
        if (p.state() != CustomPluginState.ACTIVE) {
            return null;
        }
        return object("contentType", p.contentType(), "creationTime", p.creationTime(), "description", p.description(),
                "fileDescription", object("fileMd5", p.fileMd5(), "fileSize", p.fileSize()),
                "location", new CustomPluginLocation(p.location()), "revision", p.revision());
    }

    // ---- worker configurations

    ObjectNode workerConfigurationSummary(WorkerConfiguration w) {
        return object("creationTime", w.creationTime(), "description", w.description(),
                "latestRevision", object("creationTime", w.creationTime(), "description", w.description(), "revision", w.revision()),
                "name", w.name(), "workerConfigurationArn", w.arn(), "workerConfigurationState", w.state());
    }

    ObjectNode describeWorkerConfiguration(WorkerConfiguration w) {
        return object("creationTime", w.creationTime(), "description", w.description(),
                "latestRevision", object("creationTime", w.creationTime(), "description", w.description(),
                        "propertiesFileContent", w.propertiesFileContent(), "revision", w.revision()),
                "name", w.name(), "workerConfigurationArn", w.arn(), "workerConfigurationState", w.state());
    }

    // ---- connectors

    ObjectNode connectorSummary(Connector c) {
        return object("capacity", c.capacity(), "connectorArn", c.arn(), "connectorDescription", c.description(),
                "connectorName", c.name(), "connectorState", c.state(), "creationTime", c.creationTime(),
                "currentVersion", c.currentVersion(), "kafkaCluster", c.kafkaCluster(),
                "kafkaClusterClientAuthentication", c.clientAuthentication(),
                "kafkaClusterEncryptionInTransit", c.encryptionInTransit(), "kafkaConnectVersion", c.kafkaConnectVersion(),
                "logDelivery", c.logDelivery(), "networkType", c.networkType(), "plugins", c.plugins(),
                "serviceExecutionRoleArn", c.serviceExecutionRoleArn(), "workerConfiguration", c.workerConfiguration());
    }

    ObjectNode describeConnector(Connector c) {
        return connectorSummary(c).setAll(object("connectorConfiguration", c.configuration(),
                "stateDescription", c.stateDescription()));
    }

    // ---- connector operations

    ObjectNode operationSummary(ConnectorOperation o) {
        return object("connectorOperationArn", o.arn(), "connectorOperationType", o.type(),
                "connectorOperationState", o.state(), "creationTime", o.creationTime(), "endTime", o.endTime());
    }

    ObjectNode describeOperation(ConnectorOperation o) {
        return object("connectorArn", o.connectorArn(), "connectorOperationArn", o.arn(),
                "connectorOperationState", o.state(), "connectorOperationType", o.type(), "operationSteps", o.steps(),
                "originWorkerSetting", o.originWorkerSetting(), "originConnectorConfiguration", o.originConfiguration(),
                "targetWorkerSetting", o.targetWorkerSetting(),
                "targetConnectorConfiguration", o.targetConfiguration(), "errorInfo", o.errorInfo(),
                "creationTime", o.creationTime(), "endTime", o.endTime());
    }

    ObjectNode tags(Map<String, String> tags) {
        return object("tags", tags);
    }
}
