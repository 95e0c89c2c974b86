package io.cdclake.mskemulator.state;

import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorOperation;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.WorkerConfiguration;

import java.util.List;
import java.util.Map;

/** Everything the emulator knows, as written to its state file. Tags are keyed by resource ARN. */
record EmulatorState(int formatVersion, List<CustomPlugin> customPlugins,
                     List<WorkerConfiguration> workerConfigurations, List<Connector> connectors,
                     List<ConnectorOperation> connectorOperations, Map<String, Map<String, String>> tags) {

    static final int FORMAT_VERSION = 1;

    EmulatorState {
        customPlugins = customPlugins == null ? List.of() : customPlugins;
        workerConfigurations = workerConfigurations == null ? List.of() : workerConfigurations;
        connectors = connectors == null ? List.of() : connectors;
        connectorOperations = connectorOperations == null ? List.of() : connectorOperations;
        tags = tags == null ? Map.of() : tags;
    }
}
