package io.cdclake.local;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.preflight.SourceDatabasePreflight;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.target.Target;
import io.cdclake.embedded.Directories;
import io.cdclake.embedded.KafkaBrokerContainer;
import io.cdclake.embedded.PostgresContainer;
import io.cdclake.embedded.S3Container;
import io.cdclake.core.model.Source;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * A pipeline running on the {@link LocalRuntime}: the runner behind {@code ./cdclake up} and {@code demo}. It
 * starts the servers, makes the source database from the pipeline's {@code source.init} (kept on later starts),
 * checks the source database,
 * creates the bucket, applies both connectors through a {@link Target}, and waits until the snapshot has landed
 * in S3, printing progress by phase. Started again on the same data dir it resumes: the database, Kafka's
 * offsets and the replication slot are kept, so there is no new snapshot and nothing is written twice.
 */
public final class LocalPipeline implements AutoCloseable {

    /** How long a slot may stay active after its reader stopped, before it counts as someone else's. */
    private static final Duration SLOT_RELEASE = Duration.ofSeconds(15);
    /** How often the snapshot wait says how far it is, at most. */
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

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
    private final boolean resumable;

    private LocalPipeline(LocalRuntime runtime, Target target, Pipeline pipeline, Endpoints endpoints,
                          boolean resumable) {
        this.runtime = runtime;
        this.target = target;
        this.pipeline = pipeline;
        this.endpoints = endpoints;
        this.resumable = resumable;
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

    /**
     * Whether a later start on the same data dir resumes this run: not when a part runs in a container, whose
     * database, topics or objects go with it.
     */
    public boolean resumable() {
        return resumable;
    }

    /**
     * How the connectors reach this runtime's parts. The S3 keys are a local server's own; an external endpoint's
     * are left out, for the sink's default chain (or a profile's references, see
     * {@link LocalRuntime#withSecretReferences}).
     */
    public static RuntimeBindings bindings(LocalRuntime runtime) {
        SourceDatabase db = runtime.sourceDatabase();
        S3Endpoint s3 = runtime.s3();
        return RuntimeBindings.builder()
                .databaseHost(db.host()).databasePort(db.port())
                .databaseUser(db.user()).databasePassword(db.password())
                .kafkaBootstrapServers(runtime.kafka().bootstrapServers())
                .s3Endpoint(s3.url().toString()).s3Region(s3.region())
                .s3AccessKey(s3.accessKey()).s3SecretKey(s3.secretKey())
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What to run and how; {@link #start()} returns once the snapshot has landed in S3. */
    public static final class Builder {
        private Pipeline pipeline;
        private Path dataDirectory;
        private List<Path> pluginPath = List.of();
        private boolean fresh;
        private boolean mskConnectEmulator;
        private TargetFactory targets;
        private Progress progress = Progress.silent();
        private Duration timeout = Duration.ofMinutes(5);
        private boolean stopOnJvmExit = true;
        private Integer scale;
        private SourceDatabase externalDatabase;
        private String sourceContainer;
        private String kafkaContainer;
        private S3Endpoint externalS3;
        private String s3Container;

        private Builder() {
        }

        /** The pipeline model; its {@code local} environment is what runs. Required. */
        public Builder pipeline(Pipeline pipeline) {
            this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
            return this;
        }

        /** Where every part keeps its data; a second start on it resumes. Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Connect's plugin.path: Debezium and the S3 sink, plus any plugin directory of the user's. Required. */
        public Builder pluginPath(List<Path> pluginPath) {
            this.pluginPath = List.copyOf(pluginPath);
            return this;
        }

        /** Delete the data directory first, for a new snapshot on a new database. */
        public Builder fresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        /** Also run the MSK Connect API emulator (a target that deploys through it needs this). */
        public Builder mskConnectEmulator(boolean mskConnectEmulator) {
            this.mskConnectEmulator = mskConnectEmulator;
            return this;
        }

        /** How the connectors are applied: the Connect REST API, or MSK Connect through the deployer. Required. */
        public Builder targets(TargetFactory targets) {
            this.targets = Objects.requireNonNull(targets, "targets");
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** How long to wait for the connectors to run and for the snapshot to land (default 5 minutes). */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout " + timeout + " must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * False for a runner that closes the pipeline in its own shutdown hook, so that PostgreSQL is not stopped
         * by its own hook while the connectors still run.
         */
        public Builder stopOnJvmExit(boolean stopOnJvmExit) {
            this.stopOnJvmExit = stopOnJvmExit;
            return this;
        }

        /**
         * A scale factor for a new database made by the Northwind generator, instead of the file's
         * {@code source.init.northwind.scale}; a resumed database keeps its data.
         */
        public Builder scale(Integer scale) {
            if (scale != null && scale < 1) {
                throw new IllegalArgumentException("scale " + scale + " must be 1 or more");
            }
            this.scale = scale;
            return this;
        }

        /** Read from this external PostgreSQL instead of the embedded one; null (the default) for the embedded one. */
        public Builder externalDatabase(SourceDatabase externalDatabase) {
            this.externalDatabase = externalDatabase;
            return this;
        }

        /**
         * Start the source PostgreSQL from this container image instead of the embedded one; null (the default) for
         * the embedded one. Its database lives as long as the run, so the data dir always starts fresh.
         */
        public Builder sourceContainer(String image) {
            this.sourceContainer = image;
            return this;
        }

        /**
         * Let the sink write to this S3 endpoint instead of the embedded server; null (the default) for the embedded
         * one. The bucket is created when absent and never deleted.
         */
        public Builder externalS3(S3Endpoint externalS3) {
            this.externalS3 = externalS3;
            return this;
        }

        /**
         * Start the sink's S3 from this LocalStack image instead of the embedded server; null (the default) for the
         * embedded one. Its objects live as long as the run, so the data dir always starts fresh.
         */
        public Builder s3Container(String image) {
            this.s3Container = image;
            return this;
        }

        /**
         * Start Kafka from this container image instead of the embedded broker; null (the default) for the embedded
         * one. Its topics and Connect's offsets live as long as the run, so the data dir always starts fresh.
         */
        public Builder kafkaContainer(String image) {
            this.kafkaContainer = image;
            return this;
        }

        public LocalPipeline start() throws Exception {
            Objects.requireNonNull(pipeline, "pipeline is required");
            Objects.requireNonNull(dataDirectory, "dataDirectory is required");
            Objects.requireNonNull(targets, "targets is required");
            String database = pipeline.source().database();
            if (externalDatabase != null && externalDatabase.database() != null
                    && !externalDatabase.database().equals(database)) {
                throw new IllegalArgumentException("the JDBC URL names database " + externalDatabase.database()
                        + " but the pipeline's source.database is " + database + "; name " + database
                        + " in the URL or change source.database");
            }
            // before anything is cleared or started
            if (sourceContainer != null) {
                PostgresContainer.requireDocker(sourceContainer);
            }
            if (kafkaContainer != null) {
                KafkaBrokerContainer.requireDocker(kafkaContainer);
            }
            if (s3Container != null) {
                S3Container.requireDocker(s3Container);
            }
            boolean offsets = Files.exists(dataDirectory.resolve(LocalRuntime.KAFKA_DIRECTORY));
            if (externalS3 != null) {
                checkExternalBucket(fresh || !offsets);
            }
            boolean ephemeral = sourceContainer != null || kafkaContainer != null || s3Container != null;
            if (ephemeral && !fresh && offsets) {
                progress.say(sourceContainer != null ? "postgres" : kafkaContainer != null ? "kafka" : "s3", "the "
                        + (sourceContainer != null ? "source container's database" : kafkaContainer != null
                                ? "Kafka container's topics" : "S3 container's objects")
                        + " live as long as the run: starting on a fresh data dir (what " + dataDirectory
                        + " held is cleared)");
            }
            if (fresh || ephemeral) {
                Directories.clear(dataDirectory, LocalRuntime.LOGS_DIRECTORY);
            }
            Endpoints.delete(dataDirectory);
            boolean noOffsets = !Files.exists(dataDirectory.resolve(LocalRuntime.KAFKA_DIRECTORY));
            AtomicReference<Map<String, Long>> rows = new AtomicReference<>();
            LocalRuntime runtime = LocalRuntime.builder().dataDirectory(dataDirectory).pluginPath(pluginPath)
                    .externalDatabase(externalDatabase).sourceContainer(sourceContainer).kafkaContainer(kafkaContainer)
                    .externalS3(externalS3).s3Container(s3Container)
                    .mskConnectEmulator(mskConnectEmulator).progress(progress)
                    .stopOnJvmExit(stopOnJvmExit).whenS3Ready(s3 -> {
                        // beside Kafka's and Connect's start: the SDK's first client takes a few hundred ms
                        try (SinkBucket bucket = new SinkBucket(s3, pipeline.sink().bucket())) {
                            bucket.create();
                        }
                    }).whenDatabaseReady(db -> {
                        if (noOffsets && db.external()) {
                            progress.phase("slot", "checking for a replication slot of an earlier run",
                                    () -> dropIdleSlot(db, database, pipeline.source().slotName(), progress));
                        }
                        rows.set(progress.phase("database", "preparing database " + database,
                                () -> prepareDatabase(db, pipeline, scale, progress)));
                        progress.phase("preflight", "checking the source database", () -> {
                            preflight(pipeline, db, database);
                            return null;
                        });
                    }).start();
            Target target = null;
            try {
                target = targets.create(runtime, pipeline, bindings(runtime));
                Target applied = target;
                progress.phase("connectors", "applying " + pipeline.debezium().connectorName() + " and "
                        + pipeline.sink().connectorName() + " through " + target.name(), () -> {
                    applied.apply(pipeline);
                    applied.awaitRunning(timeout);
                    return null;
                });
                progress.phase("snapshot", "waiting for the changes to land in S3", () -> {
                    awaitLanded(runtime, pipeline, rows.get(), progress, timeout);
                    return null;
                });
                Endpoints endpoints = endpoints(runtime, pipeline);
                endpoints.write(dataDirectory);
                return new LocalPipeline(runtime, target, pipeline, endpoints, !ephemeral);
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

        /**
         * The external endpoint answers and takes the credentials; a new stream (no Kafka offsets) does not write
         * beside an earlier run's objects, which the checks would count and whose index would make the sink skip
         * the new offsets. Each failure is one line naming the fix, before anything is cleared or started.
         */
        private void checkExternalBucket(boolean newStream) {
            String bucketName = pipeline.sink().bucket();
            String prefix = pipeline.sink().prefix() == null ? "" : pipeline.sink().prefix() + "/";
            try (SinkBucket bucket = new SinkBucket(externalS3, bucketName)) {
                if (bucket.probe() && newStream) {
                    bucket.anyKey(prefix).ifPresent(key -> {
                        throw new IllegalStateException("--s3-endpoint " + externalS3.url() + ": bucket " + bucketName
                                + " already holds " + key + " of an earlier run, and a new stream would write beside"
                                + " it; empty s3://" + bucketName + "/" + prefix + ", or give another sink.bucket");
                    });
                }
            }
            progress.say("s3", "the sink writes to " + bucketName + " at " + externalS3);
        }
    }

    /**
     * A start without Kafka's offsets snapshots again; a slot left by an earlier run would then replay changes the
     * snapshot already holds. Drops it once no one reads from it (a runner stopped a moment ago may still be
     * letting go); refuses when someone keeps reading.
     */
    private static Void dropIdleSlot(SourceDatabase db, String database, String slot, Progress progress) throws SQLException {
        try (Connection c = db.connect(database)) {
            SlotState state;
            try {
                // a state, not a nullable Boolean: Awaitility's predicate never sees a null result ("no slot")
                state = Awaitility.await().atMost(SLOT_RELEASE).pollInterval(Duration.ofMillis(250))
                        .until(() -> slotState(c, slot), s -> s != SlotState.ACTIVE);
            } catch (ConditionTimeoutException e) {
                throw new IllegalStateException("replication slot " + slot + " on " + db + " is in use by another"
                        + " client; stop that client, or set source.slotName to a slot of this pipeline's own");
            }
            if (state == SlotState.ABSENT) {
                progress.say("slot", "no slot " + slot + " on " + db);
                return null;
            }
            try (PreparedStatement drop = c.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
                drop.setString(1, slot);
                drop.execute();
            }
            progress.say("slot", "dropped idle slot " + slot + " of an earlier run");
            return null;
        } catch (SQLException e) {
            if (SourceDatabase.noSuchDatabase(e)) {
                return null; // no database yet, so no slot of it
            }
            throw e;
        }
    }

    private enum SlotState { ABSENT, IDLE, ACTIVE }

    private static SlotState slotState(Connection c, String slot) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                return !rs.next() ? SlotState.ABSENT : rs.getBoolean(1) ? SlotState.ACTIVE : SlotState.IDLE;
            }
        }
    }

    /**
     * Makes the database from the pipeline's init unless it holds the captured tables already (a resumed runtime,
     * or the user's own database); returns each captured table's rows.
     */
    private static Map<String, Long> prepareDatabase(SourceDatabase db, Pipeline pipeline, Integer scale,
                                                     Progress progress) throws Exception {
        Source source = pipeline.source();
        List<String> missing = missingTables(db, source);
        if (missing.isEmpty()) {
            progress.say("database", "found " + String.join(", ", source.tables()) + " in " + source.database()
                    + ": resuming");
            ensurePublication(db, source, progress);
            return rowCounts(db, source);
        }
        if (missing.size() < source.tables().size()) {
            throw new IllegalStateException("database " + source.database() + " on " + db + " has some of the captured"
                    + " tables but not " + String.join(", ", missing) + "; create them, or start on a new database"
                    + " (--fresh for the embedded one)");
        }
        return SourceInit.loader(pipeline, db, scale)
                .progress(step -> progress.say("database", step.phase() + " " + step.message())).build().load()
                .rowCounts();
    }

    /** The captured tables {@code database} lacks; all of them when the database does not exist yet. */
    private static List<String> missingTables(SourceDatabase db, Source source) throws SQLException {
        List<String> missing = new ArrayList<>();
        try (Connection c = db.connect(source.database());
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_tables WHERE schemaname = ? AND tablename = ?")) {
            for (String table : source.tables()) {
                st.setString(1, Source.schemaOf(table));
                st.setString(2, Source.tableOf(table));
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        missing.add(table);
                    }
                }
            }
            return missing;
        } catch (SQLException e) {
            if (SourceDatabase.noSuchDatabase(e)) {
                return source.tables();
            }
            throw e;
        }
    }

    /** A database that was not made here gets the publication it lacks, when the pipeline says cdc-lake makes it. */
    private static void ensurePublication(SourceDatabase db, Source source, Progress progress) throws SQLException {
        String name = source.publication().name();
        try (Connection c = db.connect(source.database());
             PreparedStatement st = c.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next() || !source.publication().create()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE PUBLICATION " + name + " FOR TABLE " + String.join(", ", source.tables()));
            }
            progress.say("database", "created publication " + name + " for " + String.join(", ", source.tables()));
        }
    }

    private static Map<String, Long> rowCounts(SourceDatabase db, Source source) throws SQLException {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = db.connect(source.database()); Statement s = c.createStatement()) {
            for (String table : source.tables()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    rows.put(table, rs.getLong(1));
                }
            }
        }
        return rows;
    }

    private static void preflight(Pipeline pipeline, SourceDatabase db, String database) throws SQLException {
        SourceDatabasePreflight preflight = SourceDatabasePreflight.of(pipeline);
        try (Connection c = db.connect(database)) {
            List<SourceDatabasePreflight.Problem> problems = preflight.check(c);
            if (!problems.isEmpty()) {
                throw new IllegalStateException("the source database is not ready for Debezium:"
                        + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining()));
            }
        }
    }

    /**
     * Waits until every topic holds at least its table's rows and the sink has acknowledged every message of it,
     * printing the counts as they grow ({@code snapshot: 829/829 in topic, 412/829 in S3}, summed over the topics,
     * then per topic). The sink's committed offsets say what is in S3 without listing a bucket that may hold one
     * object per row.
     */
    private static void awaitLanded(LocalRuntime runtime, Pipeline pipeline, Map<String, Long> rows, Progress progress,
                                    Duration timeout) throws Exception {
        String sink = pipeline.sink().connectorName();
        AtomicReference<String> lastShown = new AtomicReference<>();
        AtomicLong shownAt = new AtomicLong();
        try (TopicInspector topics = new TopicInspector(runtime.kafka().bootstrapServers())) {
            // two admin requests a topic a look: cheap enough to look often, so ready is said within 0.2 s of being true
            Awaitility.await("the snapshot in S3").atMost(timeout).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(200))
                    .until(() -> {
                        long inTopicAll = 0;
                        long inS3All = 0;
                        long expectedAll = 0;
                        boolean landed = true;
                        List<String> waitingFor = new ArrayList<>();
                        for (Map.Entry<String, Long> table : rows.entrySet()) {
                            String topic = pipeline.topic(table.getKey());
                            long inTopic = topics.messages(topic);
                            long inS3 = topics.acknowledged(topic, sink);
                            boolean topicLanded = inTopic >= table.getValue() && inS3 >= inTopic;
                            if (!topicLanded) {
                                waitingFor.add(topic);
                            }
                            landed &= topicLanded;
                            inTopicAll += inTopic;
                            inS3All += inS3;
                            expectedAll += Math.max(table.getValue(), inTopic);
                        }
                        String shown = inTopicAll + "/" + expectedAll + " in topic" + (rows.size() > 1 ? "s" : "")
                                + ", " + inS3All + "/" + expectedAll + " in S3"
                                + (landed || rows.size() == 1 ? "" : " (waiting for " + String.join(", ", waitingFor) + ")");
                        long now = System.nanoTime();
                        if ((landed || now - shownAt.get() >= PROGRESS_EVERY.toNanos())
                                && !shown.equals(lastShown.getAndSet(shown))) {
                            shownAt.set(now);
                            progress.say("snapshot", shown);
                        }
                        return landed;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the snapshot did not land in S3 within " + Progress.seconds(timeout)
                    + "; see the log in " + runtime.dataDirectory().resolve(LocalRuntime.LOGS_DIRECTORY), e);
        }
    }

    private static Endpoints endpoints(LocalRuntime runtime, Pipeline pipeline) {
        SourceDatabase db = runtime.sourceDatabase();
        return new Endpoints(
                // an external server's password stays with the user: readers take it from PGPASSWORD
                new Endpoints.Postgres(db.host(), db.port(), pipeline.source().database(), db.user(),
                        db.external() ? null : db.password()),
                new Endpoints.Kafka(runtime.kafka().bootstrapServers()),
                new Endpoints.Connect(runtime.connect().restUrl().toString()),
                runtime.s3().toEndpoints(pipeline.sink().bucket()),
                runtime.mskConnect().map(m -> new Endpoints.MskConnect(m.endpoint().toString(),
                        runtime.pluginStore().orElseThrow().toEndpoints(null))).orElse(null));
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
}
