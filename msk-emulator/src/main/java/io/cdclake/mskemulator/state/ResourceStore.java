package io.cdclake.mskemulator.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.ConnectorOperation;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.WorkerConfiguration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The emulator's resources in memory, written through to one JSON file on every change so that a restarted emulator
 * knows its plugins, worker configurations and connectors. All methods are atomic with respect to each other.
 *
 * <p>The file holds connector configurations, which may carry credentials (as Kafka Connect's own config topic
 * does); it is therefore readable by its owner only.
 */
public final class ResourceStore {

    private final Path file;
    private final ObjectMapper json;
    private final Map<String, CustomPlugin> customPlugins = new LinkedHashMap<>();
    private final Map<String, WorkerConfiguration> workerConfigurations = new LinkedHashMap<>();
    private final Map<String, Connector> connectors = new LinkedHashMap<>();
    private final Map<String, ConnectorOperation> operations = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();

    private ResourceStore(Path file, ObjectMapper json) {
        this.file = file;
        this.json = json;
    }

    /** Opens the store kept in {@code file}, loading what an earlier run left there. */
    public static ResourceStore open(Path file, ObjectMapper json) {
        ResourceStore store = new ResourceStore(file, json);
        if (Files.exists(file)) {
            EmulatorState state;
            try {
                state = json.readValue(file.toFile(), EmulatorState.class);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the MSK Connect emulator state " + file
                        + ": " + e.getMessage() + " (fix or delete the file to start empty)", e);
            }
            state.customPlugins().forEach(p -> store.customPlugins.put(p.arn(), p));
            state.workerConfigurations().forEach(w -> store.workerConfigurations.put(w.arn(), w));
            state.connectors().forEach(c -> store.connectors.put(c.arn(), c));
            state.connectorOperations().forEach(o -> store.operations.put(o.arn(), o));
            state.tags().forEach((arn, t) -> store.tags.put(arn, new LinkedHashMap<>(t)));
        }
        return store;
    }

    // ---- custom plugins

    public synchronized Optional<CustomPlugin> customPlugin(String arn) {
        return Optional.ofNullable(customPlugins.get(arn));
    }

    public synchronized List<CustomPlugin> customPlugins() {
        return List.copyOf(customPlugins.values());
    }

    public synchronized void putCustomPlugin(CustomPlugin plugin, Map<String, String> initialTags) {
        customPlugins.put(plugin.arn(), plugin);
        putTags(plugin.arn(), initialTags);
        save();
    }

    /** Replaces the plugin if it still exists and still matches {@code expected}; returns whether it did. */
    public synchronized boolean replaceCustomPlugin(String arn, Predicate<CustomPlugin> expected,
                                                    UnaryOperator<CustomPlugin> change) {
        CustomPlugin current = customPlugins.get(arn);
        if (current == null || !expected.test(current)) {
            return false;
        }
        customPlugins.put(arn, change.apply(current));
        save();
        return true;
    }

    public synchronized void removeCustomPlugin(String arn) {
        customPlugins.remove(arn);
        tags.remove(arn);
        save();
    }

    // ---- worker configurations

    public synchronized Optional<WorkerConfiguration> workerConfiguration(String arn) {
        return Optional.ofNullable(workerConfigurations.get(arn));
    }

    public synchronized List<WorkerConfiguration> workerConfigurations() {
        return List.copyOf(workerConfigurations.values());
    }

    public synchronized void putWorkerConfiguration(WorkerConfiguration configuration, Map<String, String> initialTags) {
        workerConfigurations.put(configuration.arn(), configuration);
        putTags(configuration.arn(), initialTags);
        save();
    }

    public synchronized void removeWorkerConfiguration(String arn) {
        workerConfigurations.remove(arn);
        tags.remove(arn);
        save();
    }

    // ---- connectors and their operations

    public synchronized Optional<Connector> connector(String arn) {
        return Optional.ofNullable(connectors.get(arn));
    }

    public synchronized List<Connector> connectors() {
        return List.copyOf(connectors.values());
    }

    public synchronized void putConnector(Connector connector, Map<String, String> initialTags) {
        connectors.put(connector.arn(), connector);
        putTags(connector.arn(), initialTags);
        save();
    }

    /** Replaces the connector if it still exists and still matches {@code expected}; returns whether it did. */
    public synchronized boolean replaceConnector(String arn, Predicate<Connector> expected, UnaryOperator<Connector> change) {
        Connector current = connectors.get(arn);
        if (current == null || !expected.test(current)) {
            return false;
        }
        connectors.put(arn, change.apply(current));
        save();
        return true;
    }

    /** Records a connector's new state together with the operation that changes it, in one write. */
    public synchronized void putConnectorAndOperation(Connector connector, ConnectorOperation operation) {
        connectors.put(connector.arn(), connector);
        operations.put(operation.arn(), operation);
        save();
    }

    public synchronized void removeConnector(String arn) {
        connectors.remove(arn);
        operations.values().removeIf(o -> o.connectorArn().equals(arn));
        tags.remove(arn);
        save();
    }

    public synchronized Optional<ConnectorOperation> operation(String arn) {
        return Optional.ofNullable(operations.get(arn));
    }

    public synchronized List<ConnectorOperation> operationsOf(String connectorArn) {
        return operations.values().stream().filter(o -> o.connectorArn().equals(connectorArn)).toList();
    }

    public synchronized void updateOperation(String arn, UnaryOperator<ConnectorOperation> change) {
        ConnectorOperation current = operations.get(arn);
        if (current != null) {
            operations.put(arn, change.apply(current));
            save();
        }
    }

    // ---- tags

    public synchronized Map<String, String> tags(String arn) {
        return Map.copyOf(tags.getOrDefault(arn, Map.of()));
    }

    public synchronized void tag(String arn, Map<String, String> added) {
        tags.computeIfAbsent(arn, k -> new LinkedHashMap<>()).putAll(added);
        save();
    }

    public synchronized void untag(String arn, List<String> keys) {
        Map<String, String> current = tags.get(arn);
        if (current != null) {
            keys.forEach(current::remove);
            save();
        }
    }

    private void putTags(String arn, Map<String, String> initialTags) {
        if (initialTags != null && !initialTags.isEmpty()) {
            tags.put(arn, new LinkedHashMap<>(initialTags));
        }
    }

    private void save() {
        EmulatorState state = new EmulatorState(EmulatorState.FORMAT_VERSION, new ArrayList<>(customPlugins.values()),
                new ArrayList<>(workerConfigurations.values()), new ArrayList<>(connectors.values()),
                new ArrayList<>(operations.values()), tags);
        try {
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(temporary, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(state));
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the MSK Connect emulator state " + file + ": " + e.getMessage(), e);
        }
    }
}
