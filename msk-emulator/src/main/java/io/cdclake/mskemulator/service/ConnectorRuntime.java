package io.cdclake.mskemulator.service;

import io.cdclake.mskemulator.model.Connector;
import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.Plugin;
import io.cdclake.mskemulator.model.Shapes.WorkerConfigurationRef;
import io.cdclake.mskemulator.runtime.ConnectorRuntimeException;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The worker side of the emulator, as Kafka Connect's {@code Worker} is to its {@code Herder}: it runs connectors,
 * while {@link ConnectorService} owns their states, operations and the API. Every call may take as long as the
 * worker group does; the service calls it from its background jobs.
 */
interface ConnectorRuntime extends AutoCloseable {

    /** How a connector shows in Connect's status: every task and the connector in this state. */
    enum Target { RUNNING, PAUSED }

    /**
     * Starts the connector's worker group with these plugins and worker configuration (replacing a group it still
     * has, keeping its group id and internal topics) and puts the connector's configuration on it.
     */
    void start(Connector connector, List<Plugin> plugins, WorkerConfigurationRef workerConfiguration,
               Capacity capacity, Map<String, String> configuration) throws ConnectorRuntimeException;

    /** Replaces the configuration of the connector on its running group. */
    void reconfigure(Connector connector, Capacity capacity, Map<String, String> configuration) throws ConnectorRuntimeException;

    /**
     * Waits until the connector and all its tasks show {@code target} {@code stablePolls} times in a row, failing as
     * soon as one of them fails, or with code CANCELLED once {@code wanted} turns false.
     */
    void await(Connector connector, Target target, int stablePolls, BooleanSupplier wanted) throws ConnectorRuntimeException;

    void pause(Connector connector) throws ConnectorRuntimeException;

    void resume(Connector connector) throws ConnectorRuntimeException;

    void restart(Connector connector, boolean onlyFailedTasks) throws ConnectorRuntimeException;

    /** Why a connector that ran has failed since, if it has. */
    Optional<ConnectorRuntimeException> failure(Connector connector) throws ConnectorRuntimeException;

    /** Removes the connector from its group and stops the group. */
    void remove(Connector connector);

    /** Stops the connector's group, leaving the connector in the group's config topic. */
    void stop(Connector connector);

    @Override
    void close();
}
