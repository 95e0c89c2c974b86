package io.cdclake.deploy.plan;

import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorSummary;
import software.amazon.awssdk.services.kafkaconnect.model.CustomPluginSummary;
import software.amazon.awssdk.services.kafkaconnect.model.NotFoundException;
import software.amazon.awssdk.services.kafkaconnect.model.WorkerConfigurationSummary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads from MSK Connect (List*, Describe*, ListTagsForResource only) the resources of a pipeline: custom plugins
 * and worker configurations whose names start with the pipeline's name, and connectors that carry the names the
 * pipeline gives them or the pipeline's owner tag.
 */
public final class StateReader {

    private final KafkaConnectClient msk;

    public StateReader(KafkaConnectClient msk) {
        this.msk = msk;
    }

    public ActualState read(String pipeline, Collection<String> connectorNames) {
        String prefix = pipeline + "-";
        List<ActualState.Plugin> plugins = new ArrayList<>();
        for (CustomPluginSummary p : msk.listCustomPluginsPaginator(r -> r.namePrefix(prefix)).customPlugins()) {
            if (!p.name().startsWith(prefix)) {
                continue;
            }
            String message = null;
            if (p.customPluginStateAsString().equals("CREATE_FAILED")) {
                var d = msk.describeCustomPlugin(r -> r.customPluginArn(p.customPluginArn()));
                message = d.stateDescription() == null ? null : d.stateDescription().code() + ": " + d.stateDescription().message();
            }
            plugins.add(new ActualState.Plugin(p.name(), p.customPluginArn(), p.customPluginState(),
                    p.latestRevision() == null ? null : p.latestRevision().revision(), message, tags(p.customPluginArn())));
        }
        List<ActualState.WorkerConfiguration> workers = new ArrayList<>();
        for (WorkerConfigurationSummary w : msk.listWorkerConfigurationsPaginator(r -> r.namePrefix(prefix)).workerConfigurations()) {
            if (w.name().startsWith(prefix)) {
                workers.add(new ActualState.WorkerConfiguration(w.name(), w.workerConfigurationArn(),
                        w.latestRevision() == null ? null : w.latestRevision().revision(), w.workerConfigurationStateAsString(),
                        tags(w.workerConfigurationArn())));
            }
        }
        List<ActualState.Connector> connectors = new ArrayList<>();
        for (ConnectorSummary c : msk.listConnectorsPaginator(r -> { }).connectors()) {
            Map<String, String> tags = tags(c.connectorArn());
            if (connectorNames.contains(c.connectorName()) || pipeline.equals(tags.get(DesiredState.OWNER_TAG))) {
                try {
                    connectors.add(new ActualState.Connector(msk.describeConnector(r -> r.connectorArn(c.connectorArn())), tags));
                } catch (NotFoundException gone) {
                    // deleted between the list and the describe: nothing to plan for it
                }
            }
        }
        return new ActualState(List.copyOf(plugins), List.copyOf(workers), List.copyOf(connectors));
    }

    private Map<String, String> tags(String arn) {
        try {
            return Map.copyOf(msk.listTagsForResource(r -> r.resourceArn(arn)).tags());
        } catch (NotFoundException gone) {
            return Map.of();
        }
    }
}
