package io.cdclake.deploy.plan;

import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What MSK Connect holds that concerns a pipeline: the resources it names and those tagged as its own, each
 * with its tags.
 */
public record ActualState(List<Plugin> plugins, List<WorkerConfiguration> workerConfigurations,
                          List<Connector> connectors) {

    public record Plugin(String name, String arn, CustomPluginState state, Long revision, String stateMessage,
                         Map<String, String> tags) {
    }

    public record WorkerConfiguration(String name, String arn, Long revision, String state, Map<String, String> tags) {
    }

    /** A connector as DescribeConnector tells it, with its tags. */
    public record Connector(DescribeConnectorResponse description, Map<String, String> tags) {
        public String name() {
            return description.connectorName();
        }

        public String arn() {
            return description.connectorArn();
        }

        public ConnectorState state() {
            return description.connectorState();
        }
    }

    public Optional<Plugin> plugin(String name) {
        return plugins.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public Optional<WorkerConfiguration> workerConfiguration(String name) {
        return workerConfigurations.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    public Optional<Connector> connector(String name) {
        return connectors.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** Whether a resource is in a state that ends by itself (CREATING, UPDATING, DELETING). */
    public boolean settling() {
        return plugins.stream().anyMatch(p -> p.state() == CustomPluginState.CREATING || p.state() == CustomPluginState.DELETING)
                || connectors.stream().anyMatch(c -> c.state() == ConnectorState.CREATING
                || c.state() == ConnectorState.UPDATING || c.state() == ConnectorState.DELETING);
    }
}
