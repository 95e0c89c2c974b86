package io.cdclake.mskemulator.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.mskemulator.api.ApiServer;
import io.cdclake.mskemulator.api.Operation;
import io.cdclake.mskemulator.model.CustomPlugin;
import io.cdclake.mskemulator.model.CustomPluginState;
import io.cdclake.mskemulator.runtime.ConnectorLogs;
import io.cdclake.mskemulator.runtime.PluginInstaller;
import io.cdclake.mskemulator.runtime.WorkerGroups;
import io.cdclake.mskemulator.state.ResourceStore;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** The MSK Connect service behind the API: one handler per operation, and the background work they start. */
public final class MskConnectService implements AutoCloseable {

    private final ResourceStore store;
    private final CustomPluginService plugins;
    private final ConnectorService connectors;
    private final ExecutorService pluginJobs;
    private final Map<Operation, ApiServer.Handler> handlers = new EnumMap<>(Operation.class);

    public MskConnectService(ResourceStore store, String region, String accountId, ObjectMapper json,
                             PluginInstaller installer, WorkerGroups groups, Path logDirectory, Clock clock,
                             Duration connectorStartTimeout) {
        this.store = store;
        Arns arns = new Arns(region, accountId);
        Views views = new Views(json);
        this.pluginJobs = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "msk-emulator-plugins");
            thread.setDaemon(true);
            return thread;
        });
        this.plugins = new CustomPluginService(store, arns, views, installer, pluginJobs, clock);
        WorkerConfigurationService workerConfigurations = new WorkerConfigurationService(store, arns, views, clock);
        ConnectorLogs logs = new ConnectorLogs(logDirectory, clock);
        this.connectors = new ConnectorService(store, arns, views, plugins, workerConfigurations,
                new WorkerGroupRuntime(store, installer, groups, logs, clock, connectorStartTimeout), logs, clock);
        TagService tags = new TagService(store, arns, views);

        handlers.put(Operation.CREATE_CUSTOM_PLUGIN, plugins::create);
        handlers.put(Operation.DESCRIBE_CUSTOM_PLUGIN, plugins::describe);
        handlers.put(Operation.LIST_CUSTOM_PLUGINS, plugins::list);
        handlers.put(Operation.DELETE_CUSTOM_PLUGIN, plugins::delete);
        handlers.put(Operation.CREATE_WORKER_CONFIGURATION, workerConfigurations::create);
        handlers.put(Operation.DESCRIBE_WORKER_CONFIGURATION, workerConfigurations::describe);
        handlers.put(Operation.LIST_WORKER_CONFIGURATIONS, workerConfigurations::list);
        handlers.put(Operation.DELETE_WORKER_CONFIGURATION, workerConfigurations::delete);
        handlers.put(Operation.CREATE_CONNECTOR, connectors::create);
        handlers.put(Operation.DESCRIBE_CONNECTOR, connectors::describe);
        handlers.put(Operation.LIST_CONNECTORS, connectors::list);
        handlers.put(Operation.UPDATE_CONNECTOR, connectors::update);
        handlers.put(Operation.DELETE_CONNECTOR, connectors::delete);
        handlers.put(Operation.PAUSE_CONNECTOR, connectors::pause);
        handlers.put(Operation.RESUME_CONNECTOR, connectors::resumeConnector);
        handlers.put(Operation.RESTART_CONNECTOR, connectors::restart);
        handlers.put(Operation.LIST_CONNECTOR_OPERATIONS, connectors::listOperations);
        handlers.put(Operation.DESCRIBE_CONNECTOR_OPERATION, connectors::describeOperation);
        handlers.put(Operation.TAG_RESOURCE, tags::tag);
        handlers.put(Operation.UNTAG_RESOURCE, tags::untag);
        handlers.put(Operation.LIST_TAGS_FOR_RESOURCE, tags::list);
    }

    public Map<Operation, ApiServer.Handler> handlers() {
        return handlers;
    }

    /**
     * Picks up what a previous run left in the state: plugins still CREATING are installed again, live connectors
     * get their worker groups back, pending deletions finish.
     */
    public void resume() {
        for (CustomPlugin plugin : store.customPlugins()) {
            if (plugin.state() == CustomPluginState.CREATING) {
                pluginJobs.execute(() -> plugins.install(plugin));
            }
        }
        connectors.resume();
    }

    @Override
    public void close() {
        pluginJobs.shutdownNow();
        try {
            pluginJobs.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connectors.close();
    }
}
