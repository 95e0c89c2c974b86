package io.cdclake.core.target;

import io.cdclake.core.model.Pipeline;

import java.time.Duration;

/**
 * Where a pipeline runs, for one environment of it: a Kafka Connect REST endpoint (local), MSK Connect (the
 * emulator or AWS). It deploys the connectors, and reads the sink and the source database through the two
 * contracts scenarios use ({@link SinkReader}, {@link SourceAccess}). Closing tears down what {@link #apply}
 * created.
 */
public interface Target extends SinkReader, SourceAccess, AutoCloseable {

    /** A short name for reports, e.g. {@code connect-rest} or {@code msk-connect}. */
    String name();

    /**
     * Creates both connectors (source first), or updates them to the pipeline's configuration when they exist.
     * Returns once the target accepted them; {@link #awaitRunning} waits for them to run.
     */
    void apply(Pipeline pipeline);

    /**
     * Waits until both connectors and their tasks run.
     *
     * @throws IllegalStateException when a connector or task failed (with the target's reason), or on timeout
     */
    void awaitRunning(Duration timeout);

    /** Tears down what this target created; never throws for resources already gone. */
    @Override
    void close();
}
