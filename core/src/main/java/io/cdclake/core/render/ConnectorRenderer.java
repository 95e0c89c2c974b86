package io.cdclake.core.render;

import io.cdclake.core.model.DebeziumSource;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.model.Source;
import io.cdclake.core.model.TuningSetting;
import io.cdclake.core.validate.PipelineValidator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a pipeline's two connector configurations for one environment.
 *
 * <p>Debezium properties are the names Debezium 2.7 reads. Where the article (written for Debezium 1.x) used
 * older names: {@code database.server.name} is {@code topic.prefix}; {@code schema.include} is
 * {@code schema.include.list}; and the unwrap transform's {@code drop.tombstones=false} with
 * {@code delete.handling.mode=rewrite} is {@code delete.tombstone.handling.mode=rewrite-with-tombstone}, the one
 * setting 2.7 reads first (the two old ones are deprecated and only read when it is absent, with a warning).
 *
 * <p>Sink properties are the Lenses S3 sink's ({@code connect.s3.*}) as the pipeline's Lenses line
 * ({@code sink.compatibility}) reads them; the built-in sink reads the same and is told which line to behave like.
 */
public final class ConnectorRenderer {

    /** Shown in a preview in place of a value the running local runtime supplies. */
    public static final String RUNTIME = "<runtime>";

    public static final String POSTGRES_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";
    public static final String JSON_CONVERTER = "org.apache.kafka.connect.json.JsonConverter";
    public static final String UNWRAP = "io.debezium.transforms.ExtractNewRecordState";
    /**
     * The worker property that turns on Kafka Connect's exactly-once source support (KIP-618, Connect 3.3+): a
     * source task's records and its offsets are written in one Kafka transaction, so a task that stops at any
     * point resumes exactly after what it wrote. The local worker and every MSK Connect worker configuration the
     * deployer makes set it.
     */
    public static final String EXACTLY_ONCE_WORKER_PROPERTY = "exactly.once.source.support";

    private ConnectorRenderer() {
    }

    /**
     * The connectors for {@code environment}. For {@code local} and {@code emulator} the database, S3 endpoint and
     * credentials come from {@code bindings}, which must then be complete; for {@code aws} they come from the
     * file and {@code bindings} may be null.
     *
     * @throws io.cdclake.core.validate.InvalidPipelineException when the pipeline is not valid
     * @throws IllegalArgumentException                          for an unknown environment or missing bindings
     */
    public static ConnectorConfigs render(Pipeline pipeline, String environment, RuntimeBindings bindings) {
        Environment env = validEnvironment(pipeline, environment);
        if (env.kind().runtimeBound()) {
            requireComplete(bindings, environment);
        }
        return render(pipeline, environment, env, bindings == null ? null : Runtime.of(bindings));
    }

    /**
     * The connectors for {@code environment} as they would be rendered, without a running runtime: every
     * runtime-supplied value shows as {@value #RUNTIME}.
     */
    public static ConnectorConfigs preview(Pipeline pipeline, String environment) {
        Environment env = validEnvironment(pipeline, environment);
        return render(pipeline, environment, env, Runtime.UNBOUND);
    }

    private static Environment validEnvironment(Pipeline pipeline, String environment) {
        PipelineValidator.requireValid(pipeline, "pipeline " + pipeline.name());
        return pipeline.environment(environment);
    }

    private static ConnectorConfigs render(Pipeline p, String envName, Environment env, Runtime runtime) {
        return new ConnectorConfigs(
                new ConnectorConfig(p.debezium().connectorName(), source(p, envName, env, runtime)),
                new ConnectorConfig(p.sink().connectorName(), sink(p, envName, env, runtime)));
    }

    private static Map<String, String> source(Pipeline p, String envName, Environment env, Runtime runtime) {
        Source s = p.source();
        DebeziumSource d = p.debezium();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", POSTGRES_CONNECTOR);
        c.put("tasks.max", "1");
        c.put("plugin.name", s.plugin());
        c.put("publication.name", s.publication().name());
        c.put("publication.autocreate.mode", "disabled");
        c.put("slot.name", s.slotName());
        if (env.kind().runtimeBound()) {
            c.put("database.hostname", runtime.databaseHost());
            c.put("database.port", runtime.databasePort());
            c.put("database.user", runtime.databaseUser());
            c.put("database.password", runtime.databasePassword());
        } else {
            Environment.Database db = env.database();
            c.put("database.hostname", db.host());
            c.put("database.port", String.valueOf(db.effectivePort()));
            c.put("database.user", db.user());
            c.put("database.password", db.password());
        }
        c.put("database.dbname", s.database());
        c.put("topic.prefix", d.topicPrefix());
        c.put("schema.include.list", String.join(",", s.schemas()));
        c.put("table.include.list", String.join(",", s.tables()));
        if (d.snapshotMode() != null) {
            c.put("snapshot.mode", d.snapshotMode().property());
        }
        if (exactlyOnce(env)) {
            // Debezium's PostgreSQL connector supports it (2.7: exactlyOnceSupport is SUPPORTED): without a worker
            // that has it enabled the setting is not read, with one the connector refuses to start rather than
            // run at least once
            c.put("exactly.once.support", "required");
        }
        c.put("key.converter", JSON_CONVERTER);
        c.put("value.converter", JSON_CONVERTER);
        c.put("transforms", "unwrap");
        c.put("transforms.unwrap.type", UNWRAP);
        DebeziumSource.Unwrap unwrap = d.unwrap();
        c.put("transforms.unwrap.delete.tombstone.handling.mode", unwrap.deleteHandling());
        if (!unwrap.addFields().isEmpty()) {
            c.put("transforms.unwrap.add.fields", String.join(",", unwrap.addFields()));
        }
        if (!unwrap.addHeaders().isEmpty()) {
            c.put("transforms.unwrap.add.headers", String.join(",", unwrap.addHeaders()));
        }
        DebeziumSource.Tuning tuning = p.tuning(envName);
        for (TuningSetting setting : TuningSetting.values()) {
            String value = setting.value(tuning);
            if (value != null) {
                setting.properties().forEach(property -> c.put(property, value));
            }
        }
        return c;
    }

    private static Map<String, String> sink(Pipeline p, String envName, Environment env, Runtime runtime) {
        Sink s = p.sink();
        Map<String, String> c = new LinkedHashMap<>();
        c.put("connector.class", s.connectorClass());
        c.put("tasks.max", "1");
        c.put("topics", String.join(",", p.topics()));
        c.put("connect.s3.kcql", Kcql.statements(s, p.flush(envName), p.topics()));
        if (Sink.BUILT_IN_CONNECTOR.equals(s.connectorClass())) {
            c.put("connect.s3.compatibility", s.compatibility().toString());
        }
        if (s.compatibility() == Sink.Compatibility.LENSES_9) {
            // a tombstone (the unwrap's rewrite-with-tombstone) has no value to write; Lenses 9 fails the task on
            // one unless told to skip it, and Lenses 3 skipped them always
            c.put("connect.s3.skip.null.values", "true");
        }
        if (env.kind().runtimeBound()) {
            c.put("connect.s3.aws.region", env.region() != null ? env.region() : runtime.s3Region());
            if (runtime.s3AccessKey() != null) {
                c.put("connect.s3.aws.auth.mode", "Credentials");
                c.put("connect.s3.aws.access.key", runtime.s3AccessKey());
                c.put("connect.s3.aws.secret.key", runtime.s3SecretKey());
            } else {
                // the worker runs in the runner's JVM: its default chain finds the credentials the runner found
                c.put("connect.s3.aws.auth.mode", "Default");
            }
            c.put("connect.s3.custom.endpoint", runtime.s3Endpoint());
            // Lenses hands this flag to the AWS SDK's path-style switch, despite its name, and the built-in sink
            // reads it the same way: true means path-style requests, which an S3-compatible server needs
            c.put("connect.s3.vhost.bucket", String.valueOf(Environment.LocalS3.pathStyle(runtime.s3Endpoint())));
        } else {
            c.put("connect.s3.aws.region", env.region());
            // the connector's service execution role
            c.put("connect.s3.aws.auth.mode", "Default");
        }
        c.put("key.converter", JSON_CONVERTER);
        c.put("value.converter", JSON_CONVERTER);
        Boolean schemas = p.tuning(envName).converterSchemas();
        if (schemas != null) {
            // the sink reads the topic as the source writes it
            c.put("key.converter.schemas.enable", schemas.toString());
            c.put("value.converter.schemas.enable", schemas.toString());
        }
        if (exactlyOnce(env)) {
            // the source writes in transactions: records of a transaction that was aborted (a task killed between
            // writing and committing) are in the topic too, and only a read_committed consumer skips them
            c.put("consumer.override.isolation.level", "read_committed");
        }
        c.put("errors.tolerance", s.errors().tolerance().property());
        c.put("errors.log.enable", s.errors().logEnable().toString());
        return c;
    }

    /**
     * Whether the environment's Connect has exactly-once source support (KIP-618, Connect 3.3 and later) and lets a
     * connector override its consumer's settings (the default policy from Connect 3.0): every environment but MSK
     * Connect's 2.7.1.
     */
    public static boolean exactlyOnce(Environment env) {
        return env.msk() == null || !"2.7.1".equals(env.msk().kafkaConnectVersion());
    }

    private static void requireComplete(RuntimeBindings b, String environment) {
        if (b == null) {
            throw new IllegalArgumentException("environment '" + environment + "' takes its database, Kafka and S3"
                    + " from a running local runtime, and no runtime bindings were given; start one with ./cdclake up");
        }
        List<String> missing = new ArrayList<>();
        check(missing, "databaseHost", b.databaseHost());
        check(missing, "databasePort", b.databasePort());
        check(missing, "databaseUser", b.databaseUser());
        check(missing, "databasePassword", b.databasePassword());
        check(missing, "s3Endpoint", b.s3Endpoint());
        check(missing, "s3Region", b.s3Region());
        if (b.s3AccessKey() != null || b.s3SecretKey() != null) {
            // both or neither: without keys the sink uses the default chain
            check(missing, "s3AccessKey", b.s3AccessKey());
            check(missing, "s3SecretKey", b.s3SecretKey());
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("runtime bindings for environment '" + environment + "' lack "
                    + String.join(", ", missing));
        }
    }

    private static void check(List<String> missing, String name, Object value) {
        if (value == null) {
            missing.add(name);
        }
    }

    /** The runtime-supplied values as rendered: real ones, or {@value #RUNTIME} in a preview. */
    private record Runtime(String databaseHost, String databasePort, String databaseUser, String databasePassword,
                           String s3Endpoint, String s3Region, String s3AccessKey, String s3SecretKey) {

        static final Runtime UNBOUND = new Runtime(RUNTIME, RUNTIME, RUNTIME, RUNTIME, RUNTIME, RUNTIME, RUNTIME, RUNTIME);

        static Runtime of(RuntimeBindings b) {
            return new Runtime(b.databaseHost(), Objects.toString(b.databasePort(), null), b.databaseUser(),
                    b.databasePassword(), b.s3Endpoint(), b.s3Region(), b.s3AccessKey(), b.s3SecretKey());
        }

        @Override
        public String toString() {
            return "Runtime[" + databaseUser + "@" + databaseHost + ":" + databasePort + ", s3=" + s3Endpoint + "]";
        }
    }
}
