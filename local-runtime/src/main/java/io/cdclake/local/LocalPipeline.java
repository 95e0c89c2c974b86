package io.cdclake.local;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.preflight.SourceDatabasePreflight;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.target.Target;
import io.cdclake.embedded.PostgresServer;
import io.cdclake.sql.NorthwindLoader;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A pipeline running on the {@link LocalRuntime}: the runner behind {@code ./cdclake up} and {@code demo}. It
 * starts the servers, loads Northwind into a new database (kept on later starts), checks the source database,
 * creates the bucket, applies both connectors through a {@link Target}, and waits until the snapshot has landed
 * in S3, printing progress by phase. Started again on the same data dir it resumes: the database, Kafka's
 * offsets and the replication slot are kept, so there is no new snapshot and nothing is written twice.
 */
public final class LocalPipeline implements AutoCloseable {

    /** The environment of the pipeline file the local runtime renders. */
    public static final String LOCAL_ENVIRONMENT = "local";

    /** Creates the target that applies the pipeline: the Connect REST API, or MSK Connect through the deployer. */
    @FunctionalInterface
    public interface TargetFactory {
        Target create(LocalRuntime runtime, Pipeline pipeline, RuntimeBindings bindings);
    }

    private final LocalRuntime runtime;
    private final Target target;
    private final Pipeline pipeline;
    private final Endpoints endpoints;

    private LocalPipeline(LocalRuntime runtime, Target target, Pipeline pipeline, Endpoints endpoints) {
        this.runtime = runtime;
        this.target = target;
        this.pipeline = pipeline;
        this.endpoints = endpoints;
    }

    public LocalRuntime runtime() {
        return runtime;
    }

    public Target target() {
        return target;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** The local credentials, for everything that talks to this runtime. */
    public static RuntimeBindings bindings(LocalRuntime runtime) {
        return RuntimeBindings.builder()
                .databaseHost(runtime.postgres().host()).databasePort(runtime.postgres().port())
                .databaseUser(runtime.postgres().user()).databasePassword("")
                .kafkaBootstrapServers(runtime.kafka().bootstrapServers())
                .s3Endpoint(runtime.s3().endpoint().toString()).s3Region(LocalRuntime.S3_REGION)
                .s3AccessKey(LocalRuntime.S3_ACCESS_KEY).s3SecretKey(LocalRuntime.S3_SECRET_KEY)
                .build();
    }

    /**
     * Starts everything and returns once both connectors run and every change in the topic has landed in S3.
     *
     * @param fresh delete {@code dataDir} first, for a new snapshot on a new database
     */
    public static LocalPipeline start(Pipeline pipeline, Path dataDir, List<Path> pluginPath, boolean fresh,
                                      boolean mskConnectEmulator, TargetFactory targets, Progress progress,
                                      Duration timeout) throws Exception {
        return start(pipeline, dataDir, pluginPath, fresh, mskConnectEmulator, targets, progress, timeout, true);
    }

    /**
     * @param stopOnJvmExit false for a runner that closes the pipeline in its own shutdown hook, so that
     *                      PostgreSQL is not stopped by its own hook while the connectors still run
     */
    public static LocalPipeline start(Pipeline pipeline, Path dataDir, List<Path> pluginPath, boolean fresh,
                                      boolean mskConnectEmulator, TargetFactory targets, Progress progress,
                                      Duration timeout, boolean stopOnJvmExit) throws Exception {
        Objects.requireNonNull(pipeline, "pipeline");
        if (fresh) {
            deleteRecursively(dataDir);
        }
        Endpoints.delete(dataDir);
        LocalRuntime runtime = LocalRuntime.builder().dataDirectory(dataDir).pluginPath(pluginPath)
                .mskConnectEmulator(mskConnectEmulator).progress(progress).stopOnJvmExit(stopOnJvmExit).start();
        Target target = null;
        try {
            RuntimeBindings bindings = bindings(runtime);
            String database = pipeline.source().database();
            PostgresServer pg = runtime.postgres();
            long events = progress.phase("database", "preparing database " + database, () -> prepareDatabase(pg, database, progress));
            progress.phase("preflight", "checking the source database", () -> {
                preflight(pipeline, pg, database);
                return null;
            });
            try (SinkBucket bucket = bucket(runtime, pipeline)) {
                bucket.create();
            }
            target = targets.create(runtime, pipeline, bindings);
            Target applied = target;
            progress.phase("connectors", "applying " + pipeline.debezium().connectorName() + " and "
                    + pipeline.sink().connectorName() + " through " + target.name(), () -> {
                applied.apply(pipeline);
                applied.awaitRunning(timeout);
                return null;
            });
            progress.phase("snapshot", "waiting for the changes to land in S3", () -> {
                awaitLanded(runtime, pipeline, events, progress, timeout);
                return null;
            });
            Endpoints endpoints = endpoints(runtime, pipeline);
            endpoints.write(dataDir);
            return new LocalPipeline(runtime, target, pipeline, endpoints);
        } catch (Exception | Error e) {
            closeQuietly(target, e);
            try {
                runtime.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    /** Loads Northwind unless the database holds it already (a resumed runtime); returns the outbox's rows. */
    private static long prepareDatabase(PostgresServer pg, String database, Progress progress) throws Exception {
        pg.createDatabaseIfAbsent(database);
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_namespace WHERE nspname = '" + NorthwindLoader.SCHEMA + "'")) {
            rs.next();
            if (rs.getInt(1) == 0) {
                NorthwindLoader.builder().host(pg.host()).port(pg.port()).database(database).user(pg.user())
                        .progress(step -> progress.say("database", step.phase() + " " + step.message())).build().load();
            } else {
                progress.say("database", "found schema " + NorthwindLoader.SCHEMA + " in " + database + ": resuming");
            }
        }
        return outboxRows(pg, database);
    }

    private static long outboxRows(PostgresServer pg, String database) throws SQLException {
        try (Connection c = pg.connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM " + NorthwindLoader.SCHEMA + "." + NorthwindLoader.OUTBOX_TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void preflight(Pipeline pipeline, PostgresServer pg, String database) throws SQLException {
        SourceDatabasePreflight preflight = new SourceDatabasePreflight(pipeline.source().publication().name(),
                pipeline.source().tables(), pipeline.source().slotName());
        try (Connection c = pg.connect(database)) {
            List<SourceDatabasePreflight.Problem> problems = preflight.check(c);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the source database is not ready for Debezium:"
                        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
            }
        }
    }

    /**
     * Waits until the topic holds at least the outbox's rows and S3 holds every record of the topic, printing
     * both counts as they grow ({@code snapshot: 829/829 in topic, 412/829 in S3}).
     */
    private static void awaitLanded(LocalRuntime runtime, Pipeline pipeline, long events, Progress progress,
                                    Duration timeout) throws Exception {
        String topic = pipeline.topics().get(0);
        String prefix = pipeline.sink().prefix() == null ? "" : pipeline.sink().prefix() + "/";
        AtomicLong lastShown = new AtomicLong(-1);
        try (TopicInspector topics = new TopicInspector(runtime.kafka().bootstrapServers());
             SinkBucket bucket = bucket(runtime, pipeline)) {
            Awaitility.await("the snapshot in S3").atMost(timeout).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        long inTopic = topics.messages(topic);
                        long inS3 = bucket.countRecords(prefix);
                        long expected = Math.max(events, inTopic);
                        if (inTopic * 100_000 + inS3 != lastShown.getAndSet(inTopic * 100_000 + inS3)) {
                            progress.say("snapshot", inTopic + "/" + expected + " in topic, " + inS3 + "/" + expected + " in S3");
                        }
                        return inTopic >= events && inS3 >= inTopic;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the snapshot did not land in S3 within " + Progress.seconds(timeout)
                    + "; see the log in " + runtime.dataDirectory().resolve("logs"), e);
        }
    }

    public static SinkBucket bucket(LocalRuntime runtime, Pipeline pipeline) {
        return new SinkBucket(runtime.s3().endpoint(), LocalRuntime.S3_REGION, LocalRuntime.S3_ACCESS_KEY,
                LocalRuntime.S3_SECRET_KEY, pipeline.sink().bucket());
    }

    private static Endpoints endpoints(LocalRuntime runtime, Pipeline pipeline) {
        PostgresServer pg = runtime.postgres();
        return new Endpoints(
                new Endpoints.Postgres(pg.host(), pg.port(), pipeline.source().database(), pg.user(), ""),
                new Endpoints.Kafka(runtime.kafka().bootstrapServers()),
                new Endpoints.Connect(runtime.connect().restUrl().toString()),
                new Endpoints.S3(runtime.s3().endpoint().toString(), LocalRuntime.S3_REGION, LocalRuntime.S3_ACCESS_KEY,
                        LocalRuntime.S3_SECRET_KEY, pipeline.sink().bucket()),
                runtime.mskConnect().map(m -> new Endpoints.MskConnect(m.endpoint().toString())).orElse(null));
    }

    /** Stops the servers; the connectors stay registered in Kafka and resume on the next start. */
    @Override
    public void close() {
        Endpoints.delete(runtime.dataDirectory());
        runtime.close();
    }

    private static void closeQuietly(Target target, Throwable failure) {
        if (target == null) {
            return;
        }
        try {
            target.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }
}
