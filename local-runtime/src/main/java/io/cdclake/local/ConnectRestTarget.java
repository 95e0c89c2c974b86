package io.cdclake.local;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfig;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SourceConnections;
import io.cdclake.core.target.Target;
import io.cdclake.embedded.ConnectRestClient;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A pipeline on any Kafka Connect REST endpoint: the embedded worker of {@code ./cdclake up}, or a running one
 * found through its {@code endpoints.json}. Both connectors are created or updated with {@code PUT
 * /connectors/{name}/config}; the sink's objects are read from the bucket, the source database through JDBC.
 */
public final class ConnectRestTarget implements Target {

    private final ConnectRestClient connect;
    private final Pipeline pipeline;
    private final String environment;
    private final RuntimeBindings bindings;
    private final RuntimeBindings rendered;
    private final SinkBucket bucket;
    private final boolean deleteOnClose;
    private final List<String> applied = new ArrayList<>();

    /**
     * @param deleteOnClose remove the connectors on {@link #close()} (demo, tests); {@code up} keeps them, so a
     *                      restart resumes them
     */
    public ConnectRestTarget(URI connectUrl, Pipeline pipeline, String environment, RuntimeBindings bindings,
                             boolean deleteOnClose) {
        this(connectUrl, pipeline, environment, bindings, bindings, new S3Endpoint(URI.create(bindings.s3Endpoint()),
                bindings.s3Region(), bindings.s3AccessKey(), bindings.s3SecretKey(), null), deleteOnClose);
    }

    private ConnectRestTarget(URI connectUrl, Pipeline pipeline, String environment, RuntimeBindings bindings,
                              RuntimeBindings rendered, S3Endpoint sinkS3, boolean deleteOnClose) {
        this.connect = new ConnectRestClient(connectUrl);
        this.rendered = rendered;
        this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.bucket = new SinkBucket(sinkS3, pipeline.sink().bucket());
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * The Connect worker of {@code runtime}: the database password and an S3 profile's keys reach the connector as
     * references that worker resolves, never as values in Connect's config topic.
     */
    public static ConnectRestTarget local(LocalRuntime runtime, Pipeline pipeline, String environment,
                                         RuntimeBindings bindings, boolean deleteOnClose) {
        return new ConnectRestTarget(runtime.connect().restUrl(), pipeline, environment, bindings,
                runtime.withSecretReferences(bindings), runtime.s3(), deleteOnClose);
    }

    /** The target of a running {@code ./cdclake up}; closing it leaves the connectors running. */
    public static ConnectRestTarget attach(Endpoints endpoints, Pipeline pipeline, String environment) {
        RuntimeBindings bindings = RuntimeBindings.from(endpoints);
        return new ConnectRestTarget(URI.create(endpoints.connect().url()), pipeline, environment, bindings, bindings,
                S3Endpoint.of(endpoints.s3()), false);
    }

    @Override
    public String name() {
        return "connect-rest";
    }

    @Override
    public void apply(Pipeline pipeline) {
        for (ConnectorConfig c : ConnectorRenderer.render(pipeline, environment, rendered).both()) {
            connect.putConfig(c.name(), c.config());
            if (!applied.contains(c.name())) {
                applied.add(c.name());
            }
        }
    }

    @Override
    public void awaitRunning(Duration timeout) {
        for (String name : List.of(pipeline.debezium().connectorName(), pipeline.sink().connectorName())) {
            try {
                connect.awaitRunning(name, timeout);
            } catch (ConnectRestClient.ConnectRestException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
    }

    @Override
    public Connection openSourceConnection() throws SQLException {
        return SourceConnections.open(bindings, pipeline);
    }

    @Override
    public List<SinkObject> listObjects(String prefix) {
        return bucket.list(prefix).stream().map(e -> new SinkObject(e.key(), e.size())).toList();
    }

    @Override
    public String readObject(String key) {
        return bucket.read(key);
    }

    @Override
    public void close() {
        if (deleteOnClose) {
            for (int i = applied.size() - 1; i >= 0; i--) {
                connect.delete(applied.get(i));
            }
        }
        bucket.close();
    }
}
