package io.cdclake.deploy.plan;

import io.cdclake.deploy.plan.DesiredState.DesiredConnector;
import io.cdclake.deploy.plan.DesiredState.DesiredPlugin;
import io.cdclake.deploy.plan.DesiredState.DesiredWorkerConfiguration;

import java.util.List;
import java.util.Map;

/** One line of a plan: what happens to one resource and why, with what apply needs to do it. */
public sealed interface PlannedChange {

    Action action();

    /** {@code custom plugin}, {@code worker configuration} or {@code connector}. */
    String resource();

    String name();

    /** The reasons and differences the plan shows under the line; never a secret. */
    List<String> details();

    /**
     * @param upload  whether the zip must be uploaded (it is not yet in the plugin bucket)
     * @param addTags tags to add to an existing plugin (TagResource)
     */
    record PluginChange(Action action, DesiredPlugin desired, ActualState.Plugin actual, boolean upload,
                        Map<String, String> addTags, List<String> details) implements PlannedChange {
        public String resource() {
            return "custom plugin";
        }

        public String name() {
            return desired.name();
        }
    }

    record WorkerConfigurationChange(Action action, DesiredWorkerConfiguration desired,
                                     ActualState.WorkerConfiguration actual, Map<String, String> addTags,
                                     List<String> details) implements PlannedChange {
        public String resource() {
            return "worker configuration";
        }

        public String name() {
            return desired.name();
        }
    }

    /**
     * What UpdateConnector changes, one operation per kind (MSK Connect takes one kind of change per call):
     *
     * @param plugin              the custom plugin (or its revision)
     * @param workerConfiguration the worker configuration (or its revision)
     * @param configuration       the connector configuration
     * @param capacity            the capacity
     */
    record ConnectorChange(Action action, DesiredConnector desired, ActualState.Connector actual, boolean plugin,
                           boolean workerConfiguration, boolean configuration, boolean capacity,
                           Map<String, String> addTags, List<String> details) implements PlannedChange {
        public String resource() {
            return "connector";
        }

        public String name() {
            return desired.name();
        }
    }

    /** A resource the pipeline owns (by its tag) and no longer wants. */
    record Removal(String resource, String name, String arn, String currentVersion, String reason) implements PlannedChange {
        public Action action() {
            return Action.DELETE;
        }

        public List<String> details() {
            return List.of(reason);
        }
    }
}
