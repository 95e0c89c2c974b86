package io.cdclake.core.target;

import io.cdclake.core.model.Pipeline;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * Where a pipeline runs, for one environment of it: a Kafka Connect REST endpoint (local), MSK Connect (the
 * emulator or AWS). The scenarios talk only to this contract. Closing tears down what {@link #apply} created.
 */
public interface Target extends AutoCloseable {

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

    /**
     * A new JDBC connection to the source database with {@code search_path} set to the pipeline's schema
     * ({@code datalake}), so the article's statements run verbatim; auto-commit on. The caller closes it.
     */
    Connection openSourceConnection() throws SQLException;

    /** The sink bucket's objects whose keys start with {@code prefix} ("" for all), in key order. */
    List<SinkObject> listObjects(String prefix);

    /** One object's content as UTF-8 text. */
    String readObject(String key);

    /** Tears down what this target created; never throws for resources already gone. */
    @Override
    void close();
}
