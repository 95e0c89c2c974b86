package io.cdclake.local;

import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.embedded.ConnectWorker;
import io.cdclake.embedded.KafkaBroker;
import io.cdclake.embedded.KafkaBrokerContainer;
import io.cdclake.embedded.KafkaCluster;
import io.cdclake.embedded.PostgresContainer;
import io.cdclake.embedded.PostgresServer;
import io.cdclake.embedded.S3Container;
import io.cdclake.embedded.S3Server;
import io.cdclake.mskemulator.MskConnectEmulator;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Every server of the local pipeline in this JVM: PostgreSQL (or an external one, checked instead of started), a
 * KRaft Kafka broker (or one from a container image), an S3 server (or an external endpoint, or a LocalStack
 * container), a Kafka Connect worker and, when asked, the MSK Connect API emulator, which keeps its plugin zips in the
 * embedded S3 server whatever the sink writes to.
 * PostgreSQL, Kafka and S3 start side by side (they need nothing from each other), then Connect and the emulator,
 * which need Kafka. Everything lives under one data directory, so a second start on it resumes; close stops the
 * parts in reverse order.
 */
public final class LocalRuntime implements AutoCloseable {

    /** The credentials of the local S3 server; local only, like the embedded database's trust auth. */
    public static final String S3_ACCESS_KEY = "cdclake";
    public static final String S3_SECRET_KEY = "cdclake-local-secret";
    public static final String S3_REGION = "ap-southeast-2";
    private static final String DATABASE_PASSWORD = "database.password";
    private static final String S3_ACCESS_KEY_SECRET = "s3.accessKey";
    private static final String S3_SECRET_KEY_SECRET = "s3.secretKey";
    /** Kafka's log directory under the data dir: where the connectors' offsets live. */
    public static final String KAFKA_DIRECTORY = "kafka";
    /** The runner's own logs under the data dir (Kafka, Connect, Debezium): kept when a fresh start clears it. */
    public static final String LOGS_DIRECTORY = "logs";

    private final Path dataDirectory;
    private final SourceDatabase sourceDatabase;
    private final RestartablePart<PostgresServer> postgres;
    private final RestartablePart<KafkaCluster> kafka;
    private final RestartablePart<S3Server> s3;
    private final S3Endpoint sinkS3;
    private final RestartablePart<ConnectWorker> connect;
    private final MskConnectEmulator mskConnect;
    private final Deque<AutoCloseable> started;
    private final String vault;
    private final Secrets secrets;

    /** The references by which this runtime's Connect worker finds secrets; null where there is no secret. */
    private record Secrets(String databasePassword, String s3AccessKey, String s3SecretKey) {
    }

    private LocalRuntime(Builder b, SourceDatabase sourceDatabase, RestartablePart<PostgresServer> postgres,
                         RestartablePart<KafkaCluster> kafka, RestartablePart<S3Server> s3, S3Endpoint sinkS3,
                         RestartablePart<ConnectWorker> connect, MskConnectEmulator mskConnect,
                         Deque<AutoCloseable> started, String vault, Secrets secrets) {
        this.dataDirectory = b.dataDirectory;
        this.vault = vault;
        this.secrets = secrets;
        this.sourceDatabase = sourceDatabase;
        this.postgres = postgres;
        this.kafka = kafka;
        this.s3 = s3;
        this.sinkS3 = sinkS3;
        this.connect = connect;
        this.mskConnect = mskConnect;
        this.started = started;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The source PostgreSQL: the embedded server, or the external one the builder was given. */
    public SourceDatabase sourceDatabase() {
        return sourceDatabase;
    }

    /** The Kafka broker: the embedded one, or the container the builder was given an image for. */
    public KafkaCluster kafka() {
        return kafka.current();
    }

    /** The S3 the sink writes to: the embedded server, an external endpoint or a LocalStack container. */
    public S3Endpoint s3() {
        return sinkS3;
    }

    public ConnectWorker connect() {
        return connect.current();
    }

    /**
     * The parts a fault run stops and starts again while the rest runs on: each comes back on its own data and
     * port, so every client and connector finds it where it was.
     */
    public enum Part {
        POSTGRES, KAFKA, CONNECT, S3;

        /** The name on the command line and the control channel: lower case. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Stops a part; the others run on and see it gone, as they would see a crashed server. Connect means this
     * runtime's worker and, when the emulator runs, every worker group of the emulator's connectors.
     *
     * @throws IllegalStateException for PostgreSQL when the source is an external server, for S3 when the sink's is
     *                               not the embedded one: neither is this runtime's to stop
     */
    public void stop(Part part) throws Exception {
        switch (part) {
            case POSTGRES -> embeddedPostgres().stop();
            case KAFKA -> embeddedKafka().stop();
            case S3 -> embeddedS3().stop();
            case CONNECT -> {
                connect.stop();
                if (mskConnect != null) {
                    mskConnect.stopWorkerGroups();
                }
            }
        }
    }

    /** Starts a stopped part again on its data directory and port; a running part is left as it is. */
    public void start(Part part) throws Exception {
        switch (part) {
            case POSTGRES -> embeddedPostgres().start();
            case KAFKA -> embeddedKafka().start();
            case S3 -> embeddedS3().start();
            case CONNECT -> {
                connect.start();
                if (mskConnect != null) {
                    mskConnect.startWorkerGroups();
                }
            }
        }
    }

    private RestartablePart<PostgresServer> embeddedPostgres() {
        if (postgres == null) {
            throw new IllegalStateException("the source database is " + sourceDatabase + ", not this runtime's to"
                    + " stop or start");
        }
        return postgres;
    }

    private RestartablePart<KafkaCluster> embeddedKafka() {
        if (kafka.current() instanceof KafkaBrokerContainer container) {
            // started again, a container would come back empty and on another port
            throw new IllegalStateException("Kafka is the " + container + ", whose data lives as long as the"
                    + " container: not stopped and started again; use the embedded broker for part faults");
        }
        return kafka;
    }

    private RestartablePart<S3Server> embeddedS3() {
        if (s3 == null || !sinkS3.url().equals(s3.current().endpoint())) {
            throw new IllegalStateException("the sink's S3 is " + sinkS3.url() + ", not this runtime's to stop or start");
        }
        return s3;
    }

    /** Where the emulator keeps its custom plugins, when it runs: the embedded S3 server, with the local keys. */
    public Optional<S3Endpoint> pluginStore() {
        return mskConnect().map(m -> S3Endpoint.local(s3.current().endpoint(), S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY));
    }

    public Optional<MskConnectEmulator> mskConnect() {
        return Optional.ofNullable(mskConnect);
    }

    /**
     * {@code bindings} as this runtime's Connect worker takes them: the database password, and the keys of an S3
     * profile, as references it resolves from memory. A connector configuration holding references instead of
     * secrets keeps them out of Connect's config topic, and so out of the data dir.
     */
    public RuntimeBindings withSecretReferences(RuntimeBindings bindings) {
        String password = bindings.databasePassword();
        RuntimeBindings rendered = password == null || password.isEmpty() ? bindings
                : bindings.withDatabasePassword(secrets.databasePassword());
        return secrets.s3AccessKey() == null ? rendered
                : rendered.withS3Keys(secrets.s3AccessKey(), secrets.s3SecretKey());
    }

    @Override
    public void close() {
        try {
            closeAll(started);
        } finally {
            LocalSecrets.dropVault(vault);
        }
    }

    private static void closeAll(Deque<AutoCloseable> started) {
        RuntimeException failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("stopping the local runtime: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Work on a part as soon as it is up, beside the parts still starting; it may fail with any exception. */
    @FunctionalInterface
    public interface ReadyStep<T> {
        void accept(T part) throws Exception;
    }

    /** What to start and where. */
    public static final class Builder {
        private Path dataDirectory;
        private final List<Path> pluginPath = new ArrayList<>();
        private boolean mskConnectEmulator;
        private Progress progress = Progress.silent();
        private boolean stopOnJvmExit = true;
        private SourceDatabase externalDatabase;
        private String sourceContainer;
        private String kafkaContainer;
        private S3Endpoint externalS3;
        private String s3Container;
        private ReadyStep<SourceDatabase> databaseReady = db -> { };
        private ReadyStep<S3Endpoint> s3Ready = s3 -> { };

        private Builder() {
        }

        /** Root of every part's data (postgres/, kafka/, s3/, msk-connect/). Required. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
            return this;
        }

        /** Connect's plugin.path: directories holding one sub-directory per plugin. */
        public Builder pluginPath(List<Path> pluginPath) {
            this.pluginPath.clear();
            this.pluginPath.addAll(pluginPath);
            return this;
        }

        /** Also start the MSK Connect API emulator (for {@code up --via msk-connect} and {@code --env emulator}). */
        public Builder mskConnectEmulator(boolean enabled) {
            this.mskConnectEmulator = enabled;
            return this;
        }

        /**
         * Whether parts stop by themselves when the JVM exits; a runner that closes the runtime in its own shutdown
         * hook turns this off, so that PostgreSQL stops after the connectors, not beside them.
         */
        public Builder stopOnJvmExit(boolean stopOnJvmExit) {
            this.stopOnJvmExit = stopOnJvmExit;
            return this;
        }

        /**
         * What to do with the source database as soon as it is up (load it, check it), while Connect starts; a
         * failure stops the start and everything started so far.
         */
        public Builder whenDatabaseReady(ReadyStep<SourceDatabase> step) {
            this.databaseReady = Objects.requireNonNull(step, "step");
            return this;
        }

        /**
         * What to do with the sink's S3 as soon as it answers (create the bucket), while Kafka and Connect start; a
         * failure stops the start and everything started so far.
         */
        public Builder whenS3Ready(ReadyStep<S3Endpoint> step) {
            this.s3Ready = Objects.requireNonNull(step, "step");
            return this;
        }

        /** Read from this external PostgreSQL instead of starting the embedded one; null for the embedded one. */
        public Builder externalDatabase(SourceDatabase externalDatabase) {
            if (externalDatabase != null && !externalDatabase.external()) {
                throw new IllegalArgumentException("externalDatabase: " + externalDatabase + " is not external");
            }
            this.externalDatabase = externalDatabase;
            return this;
        }

        /**
         * Start the source PostgreSQL from this container image (Testcontainers) instead of the embedded one; null
         * for the embedded one. Its database lives as long as the runtime.
         */
        public Builder sourceContainer(String image) {
            this.sourceContainer = image;
            return this;
        }

        /**
         * Let the sink write to this S3 endpoint instead of the embedded server; null for the embedded one. Its
         * bucket is checked by the caller and never deleted here.
         */
        public Builder externalS3(S3Endpoint externalS3) {
            this.externalS3 = externalS3;
            return this;
        }

        /**
         * Start the sink's S3 from this LocalStack image (Testcontainers) instead of the embedded server; null for the
         * embedded one. Its objects live as long as the runtime.
         */
        public Builder s3Container(String image) {
            this.s3Container = image;
            return this;
        }

        /**
         * Start Kafka from this container image (Testcontainers' Kafka module, an image of the apache/kafka kind)
         * instead of the embedded broker; null for the embedded one. Its topics and Connect's offsets live as long
         * as the runtime.
         */
        public Builder kafkaContainer(String image) {
            this.kafkaContainer = image;
            return this;
        }

        public Builder progress(Progress progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        public LocalRuntime start() throws Exception {
            Objects.requireNonNull(dataDirectory, "dataDirectory is required");
            if (pluginPath.isEmpty()) {
                throw new IllegalStateException("pluginPath is empty: Connect needs the Debezium and S3 sink plugins");
            }
            if (externalS3 != null && s3Container != null) {
                throw new IllegalStateException("externalS3 and s3Container both name the sink's S3; give one of them");
            }
            Deque<AutoCloseable> started = new ArrayDeque<>();
            Ports ports = Ports.in(dataDirectory);
            String vault = LocalSecrets.openVault(dataDirectory);
            try {
                // before Connect starts: a resumed connector resolves its password reference at once
                String passwordReference = LocalSecrets.reference(vault, DATABASE_PASSWORD,
                        externalDatabase != null ? externalDatabase.password() : SourceDatabase.EMBEDDED_PASSWORD);
                Secrets secrets = externalS3 != null && externalS3.profile() != null
                        ? profileKeys(vault, passwordReference) : new Secrets(passwordReference, null, null);
                boolean embeddedS3 = externalS3 == null && s3Container == null;
                // Connect needs only Kafka, the database only PostgreSQL: each starts as soon as what it needs is
                // up, so preparing the database and starting Connect overlap
                RestartablePart<PostgresServer> postgres = externalDatabase != null || sourceContainer != null ? null
                        : new RestartablePart<>("postgres", () -> PostgresServer.builder()
                                .dataDirectory(dataDirectory.resolve("postgres")).port(ports.of("postgres"))
                                .stopOnJvmExit(stopOnJvmExit).recoveries(line -> progress.say("recovery", line)).start());
                RestartablePart<KafkaCluster> kafkaPart = new RestartablePart<>("kafka", () -> kafkaContainer != null
                        ? KafkaBrokerContainer.builder().image(kafkaContainer).start()
                        : KafkaBroker.builder()
                                .dataDirectory(dataDirectory.resolve(KAFKA_DIRECTORY)).port(ports.of("kafka"))
                                .recoveries(line -> progress.say("recovery", line)).start());
                // the emulator's plugin zips stay in the embedded server, its own storage, whatever the sink writes to
                RestartablePart<S3Server> s3Part = !embeddedS3 && !mskConnectEmulator ? null
                        : new RestartablePart<>("s3", () -> S3Server.builder()
                                .dataDirectory(dataDirectory.resolve("s3")).port(ports.of("s3"))
                                .accessKey(S3_ACCESS_KEY).secretKey(S3_SECRET_KEY).region(S3_REGION).start());
                RestartablePart<ConnectWorker> connectPart = new RestartablePart<>("connect", () -> ConnectWorker.builder()
                        .bootstrapServers(kafkaPart.current().bootstrapServers())
                        .groupId("cdclake-local")
                        .internalTopicPrefix("cdclake-local")
                        .pluginPath(pluginPath)
                        // a plugin without service entries (the Lenses S3 sink) is found only by scanning
                        .workerProperty("plugin.discovery",
                                PluginClasses.allDeclareServices(pluginPath) ? "service_load" : "hybrid_warn")
                        .restPort(ports.of("connect"))
                        // records and offsets of a source task in one transaction: what a killed task wrote but
                        // had not committed is aborted, and it resumes right after what it committed
                        .workerProperty(ConnectorRenderer.EXACTLY_ONCE_WORKER_PROPERTY, "enabled")
                        .workerProperty("config.providers", LocalSecrets.PROVIDER)
                        .workerProperty("config.providers." + LocalSecrets.PROVIDER + ".class",
                                LocalSecrets.class.getName())
                        .start());
                CompletableFuture<SourceDatabase> pg = CompletableFuture.supplyAsync(() -> unchecked(() -> {
                    SourceDatabase db = externalDatabase != null
                            ? progress.phase("postgres", "checking " + externalDatabase, () -> reachable(externalDatabase))
                            : sourceContainer != null
                            ? progress.phase("postgres", "starting PostgreSQL from container image " + sourceContainer,
                                    () -> containerPostgres(started))
                            : progress.phase("postgres", "starting PostgreSQL", () -> embeddedPostgres(postgres, started));
                    databaseReady.accept(db);
                    return db;
                }));
                CompletableFuture<RestartablePart<KafkaCluster>> broker = CompletableFuture.supplyAsync(() -> unchecked(() ->
                        progress.phase("kafka", kafkaContainer != null ? "starting Kafka from container image "
                                + kafkaContainer : "starting the Kafka broker (KRaft)", () -> started(kafkaPart))));
                CompletableFuture<RestartablePart<S3Server>> s3 = CompletableFuture.supplyAsync(() -> unchecked(() ->
                        s3Part == null ? null : progress.phase("s3", embeddedS3 ? "starting the S3 server"
                                : "starting the S3 server for the emulator's plugins", () -> started(s3Part))));
                CompletableFuture<S3Endpoint> sinkS3 = CompletableFuture.supplyAsync(() -> unchecked(() -> {
                    S3Endpoint endpoint = s3Container != null ? progress.phase("s3", "starting S3 from LocalStack image "
                            + s3Container, () -> containerS3(started))
                            : externalS3 != null ? externalS3
                            : S3Endpoint.local(s3.join().current().endpoint(), S3_REGION, S3_ACCESS_KEY, S3_SECRET_KEY);
                    s3Ready.accept(endpoint);
                    return endpoint;
                }));
                CompletableFuture<RestartablePart<ConnectWorker>> worker = broker.thenApplyAsync(kafka -> unchecked(() ->
                        progress.phase("connect", "starting the Kafka Connect worker", () -> started(connectPart))));
                // Wait for all before judging, so a part that started is closed even when another failed.
                CompletableFuture.allOf(pg, broker, s3, sinkS3, worker).handle((ok, failed) -> null).join();
                keep(broker, started);
                keep(s3, started);
                keep(worker, started);
                SourceDatabase source = pg.join();
                broker.join();
                S3Endpoint sink = sinkS3.join();
                worker.join();

                MskConnectEmulator emulator = null;
                if (mskConnectEmulator) {
                    emulator = progress.phase("msk-connect", "starting the MSK Connect API emulator", () ->
                            MskConnectEmulator.builder()
                                    .dataDirectory(dataDirectory.resolve("msk-connect"))
                                    .port(ports.of("msk-connect"))
                                    .s3Endpoint(s3Part.current().endpoint())
                                    .s3Credentials(S3_ACCESS_KEY, S3_SECRET_KEY)
                                    .credentials(S3_ACCESS_KEY, S3_SECRET_KEY)
                                    .region(S3_REGION)
                                    .start());
                    started.push(emulator);
                }
                return new LocalRuntime(this, source, postgres, kafkaPart, s3Part, sink, connectPart, emulator,
                        started, vault, secrets);
            } catch (Exception e) {
                Exception failure = e instanceof CompletionException && e.getCause() instanceof Exception cause ? cause : e;
                LocalSecrets.dropVault(vault);
                try {
                    closeAll(started);
                } catch (RuntimeException closing) {
                    failure.addSuppressed(closing);
                }
                throw failure;
            }
        }

        private static SourceDatabase embeddedPostgres(RestartablePart<PostgresServer> postgres,
                                                       Deque<AutoCloseable> started) throws Exception {
            PostgresServer server = postgres.start();
            started.push(postgres); // before Kafka's and S3's, which are kept only once all three are done
            return SourceDatabase.embedded(server);
        }

        private SourceDatabase containerPostgres(Deque<AutoCloseable> started) {
            PostgresContainer container = PostgresContainer.builder().image(sourceContainer).start();
            started.push(container);
            return SourceDatabase.container(container);
        }

        private S3Endpoint containerS3(Deque<AutoCloseable> started) {
            S3Container container = S3Container.builder().image(s3Container).start();
            started.push(container);
            return S3Endpoint.local(container.endpoint(), container.region(), container.accessKey(),
                    container.secretKey());
        }

        /**
         * A profile's keys, held in the vault for the worker: the sink's default chain would not find the profile.
         * Temporary keys need their session token, which the sink's Credentials mode cannot carry.
         */
        private Secrets profileKeys(String vault, String passwordReference) {
            AwsCredentials keys = externalS3.resolveCredentials();
            if (keys instanceof AwsSessionCredentials) {
                throw new IllegalStateException("--s3-profile " + externalS3.profile() + " gives temporary credentials"
                        + " (a session token), which the sink cannot take as keys; run with AWS_PROFILE="
                        + externalS3.profile() + " instead of --s3-profile, so that the sink uses the default chain");
            }
            return new Secrets(passwordReference, LocalSecrets.reference(vault, S3_ACCESS_KEY_SECRET, keys.accessKeyId()),
                    LocalSecrets.reference(vault, S3_SECRET_KEY_SECRET, keys.secretAccessKey()));
        }

        /** Starts a part, returning its holder (which the runtime keeps, to stop and start it again). */
        private static <T extends AutoCloseable> RestartablePart<T> started(RestartablePart<T> part) throws Exception {
            part.start();
            return part;
        }

        /** Fails at once, before anything else is created, when the external server cannot be reached. */
        private static SourceDatabase reachable(SourceDatabase db) {
            String database = db.database() == null ? PostgresServer.SUPERUSER : db.database();
            try (Connection c = db.connect(database)) {
                return db;
            } catch (SQLException e) {
                if (SourceDatabase.noSuchDatabase(e)) {
                    return db; // the server answered; the database is created with Northwind
                }
                throw new IllegalStateException("cannot connect to " + db + ": " + e.getMessage()
                        + "; check the JDBC URL, the user and the password (PGPASSWORD)", e);
            }
        }

        /** Keeps a part that started for closing; null when it failed or was not asked for. */
        private static <T extends AutoCloseable> T keep(CompletableFuture<T> future, Deque<AutoCloseable> started) {
            if (future.isCompletedExceptionally()) {
                return null;
            }
            T part = future.join();
            if (part != null) {
                started.push(part);
            }
            return part;
        }

        private static <T> T unchecked(Progress.PhaseBody<T> body) {
            try {
                return body.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }
    }
}
