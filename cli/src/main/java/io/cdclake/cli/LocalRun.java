package io.cdclake.cli;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.deploy.MskConnectTarget;
import io.cdclake.deploy.plugin.Digests;
import io.cdclake.deploy.plugin.ZipLayout;
import io.cdclake.deploy.preflight.Preflight;
import io.cdclake.embedded.KafkaBrokerContainer;
import io.cdclake.embedded.PostgresContainer;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.PluginClasses;
import io.cdclake.local.Progress;
import io.cdclake.local.SourceDatabase;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options and the start shared by the commands that run the local pipeline ({@code up}, {@code demo}). */
final class LocalRun {

    enum Via { CONNECT_REST, MSK_CONNECT }

    /** The pipeline environment the MSK Connect emulator of a local runtime deploys. */
    static final String EMULATOR_ENVIRONMENT = "emulator";

    @Option(names = "--via", paramLabel = "connect-rest|msk-connect", defaultValue = "connect-rest",
            converter = ViaConverter.class,
            description = "Register the connectors through the Kafka Connect REST API, or deploy them through the"
                    + " AWS deployer to the local MSK Connect emulator (default: ${DEFAULT-VALUE}).")
    Via via;

    private final List<Path> pluginDirs = new ArrayList<>();

    private String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER",
            description = "The user for --jdbc-url (default: the URL's user parameter, else postgres).")
    String dbUser;

    @Option(names = "--db-password-file", paramLabel = "FILE",
            description = "Read the --jdbc-url user's password from the first line of FILE instead of PGPASSWORD.")
    Path dbPasswordFile;

    private int timeoutSeconds;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    // Options are checked as they are parsed, so bad usage ends with exit 2 before anything is created.

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "An extra Connect plugin directory (e.g. one holding the Lenses S3 sink); repeatable.")
    void pluginDir(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw usage("--plugin-dir " + dir + " is not a directory; give a directory holding Connect plugins");
        }
        pluginDirs.add(dir.toAbsolutePath());
    }

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = {"Read from this PostgreSQL instead of starting the embedded one, e.g."
                    + " jdbc:postgresql://localhost:5432/devdb. Northwind is loaded when its schema is absent;"
                    + " the server needs wal_level=logical and a user with REPLICATION.",
                    "The password comes from PGPASSWORD or --db-password-file and is never written to files."})
    void jdbcUrl(String url) {
        try {
            SourceDatabase.external(url, null, null);
        } catch (IllegalArgumentException e) {
            throw usage("--jdbc-url: " + e.getMessage());
        }
        jdbcUrl = url;
    }

    private String sourceContainer;

    @Option(names = "--source-container", paramLabel = "IMAGE", arity = "0..1",
            fallbackValue = PostgresContainer.DEFAULT_IMAGE,
            description = {"Start the source PostgreSQL from this container image (Testcontainers; default image:"
                    + " ${FALLBACK-VALUE}) instead of the embedded one: your production version, extensions and"
                    + " settings. Needs a Docker engine. Its database lives as long as the run (a fresh data dir).",
                    "The pipeline's environments.local.sourceContainer chooses one too; this option wins."})
    void sourceContainer(String image) {
        if (image.isBlank()) {
            throw usage("--source-container needs an image name, e.g. postgres:17");
        }
        sourceContainer = image;
    }

    private String kafkaContainer;

    @Option(names = "--kafka-container", paramLabel = "IMAGE", arity = "0..1",
            fallbackValue = KafkaBrokerContainer.DEFAULT_IMAGE,
            description = {"Start Kafka from this container image (Testcontainers' Kafka module, an image of the"
                    + " apache/kafka kind; default image: ${FALLBACK-VALUE}) instead of the embedded broker; Connect"
                    + " stays in-process and talks to it. Needs a Docker engine. Its topics live as long as the run"
                    + " (a fresh data dir).",
                    "The pipeline's environments.local.kafkaContainer chooses one too; this option wins."})
    void kafkaContainer(String image) {
        if (image.isBlank()) {
            throw usage("--kafka-container needs an image name, e.g. " + KafkaBrokerContainer.DEFAULT_IMAGE);
        }
        kafkaContainer = image;
    }

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the connectors and the snapshot (default: ${DEFAULT-VALUE}).")
    void timeoutSeconds(int seconds) {
        if (seconds < 1) {
            throw usage("--timeout " + seconds + " must be at least 1 second");
        }
        timeoutSeconds = seconds;
    }

    /** @param ownShutdownHook the caller closes the pipeline in its own shutdown hook ({@code up}) */
    LocalPipeline start(Pipeline pipeline, Path dataDir, boolean fresh, Progress progress, boolean ownShutdownHook)
            throws Exception {
        List<Path> pluginPath = new ArrayList<>();
        String bundled = System.getProperty("cdclake.plugins");
        if (bundled == null || !Files.isDirectory(Path.of(bundled))) {
            throw new IllegalStateException("the bundled Connect plugins are missing (system property cdclake.plugins = "
                    + bundled + "); run through ./cdclake, which builds them");
        }
        pluginPath.add(Path.of(bundled));
        pluginPath.addAll(pluginDirs);
        SourceDatabase external = externalDatabase();
        if (external != null && sourceContainer != null) {
            throw usage("--source-container and --jdbc-url both name the source database; give one of them");
        }
        Environment local = pipeline.environments().get(LocalPipeline.LOCAL_ENVIRONMENT);
        String container = sourceContainer != null || external != null || local == null ? sourceContainer
                : local.sourceContainer();
        String kafka = kafkaContainer != null || local == null ? kafkaContainer : local.kafkaContainer();
        if (external != null && via == Via.MSK_CONNECT && !external.password().isEmpty()) {
            // CreateConnector carries the password, and the emulator keeps connector configurations on disk as
            // MSK Connect keeps them; only the Connect REST path resolves it from memory.
            throw usage("--via msk-connect would store the --jdbc-url user's password in the emulator's files; use"
                    + " --via connect-rest, or a database user without a password (trust authentication)");
        }
        Pipeline effective = withSuppliedSink(pipeline, progress);
        LocalPipeline.TargetFactory targets = via == Via.MSK_CONNECT
                ? (runtime, p, bindings) -> MskConnectTarget.emulated(runtime.mskConnect().orElseThrow().endpoint(), p,
                        EMULATOR_ENVIRONMENT, bindings, dataDir.resolve("plugin-zips"), line -> progress.say("msk-connect", line), false)
                : (runtime, p, bindings) -> ConnectRestTarget.local(runtime, p,
                        LocalPipeline.LOCAL_ENVIRONMENT, bindings, false);
        return LocalPipeline.builder().pipeline(effective).dataDirectory(dataDir).pluginPath(pluginPath).fresh(fresh)
                .mskConnectEmulator(via == Via.MSK_CONNECT).externalDatabase(external).sourceContainer(container)
                .kafkaContainer(kafka)
                .targets(targets)
                .progress(progress).timeout(Duration.ofSeconds(timeoutSeconds)).stopOnJvmExit(!ownShutdownHook)
                .start();
    }

    /**
     * The pipeline with the Lenses S3 sink when a {@code --plugin-dir} holds that plugin and the pipeline names the
     * built-in sink: a user who supplies the real plugin means to run it. Through the emulator it is deployed as
     * MSK Connect takes it, a custom plugin zip of its jars ({@code msk.plugins.sink} of kind {@code lenses}).
     */
    private Pipeline withSuppliedSink(Pipeline pipeline, Progress progress) {
        if (!Sink.BUILT_IN_CONNECTOR.equals(pipeline.sink().connectorClass())) {
            return pipeline;
        }
        return PluginClasses.find(pluginDirs, Sink.LENSES_CONNECTOR).map(jar -> {
            progress.say("sink", "using the Lenses S3 sink found in " + jar + " (" + pipeline.sink().compatibility()
                    + " KCQL and settings, sink.compatibility)");
            Path zip = lensesZip(jar);
            try {
                Preflight.lensesLine("--plugin-dir", zip, ZipLayout.inspect(zip, List.of(Sink.LENSES_CONNECTOR)),
                        pipeline.sink().compatibility()).ifPresent(f -> {
                            throw new IllegalStateException(f.message() + "; " + f.fix());
                        });
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("reading the Lenses S3 sink plugin " + jar, e);
            }
            MskConnect.Plugins.SinkPlugin lenses = new MskConnect.Plugins.SinkPlugin(
                    MskConnect.Plugins.SinkPluginKind.LENSES, zip.toString(), null, Digests.sha256(zip));
            Map<String, Environment> environments = new LinkedHashMap<>();
            pipeline.environments().forEach((name, env) -> environments.put(name, env.msk() == null ? env
                    : env.toBuilder().msk(env.msk().toBuilder().plugins(new MskConnect.Plugins(
                            env.msk().plugins().debeziumVersion(), lenses)).build()).build()));
            return pipeline.toBuilder().environments(environments)
                    .sink(pipeline.sink().toBuilder().connectorClass(Sink.LENSES_CONNECTOR).build()).build();
        }).orElse(pipeline);
    }

    /**
     * The Lenses plugin packed for the emulator, outside the data dir (which {@code --fresh} clears and another
     * runner may hold) and gone when the JVM ends: every run packs it again, to the same bytes.
     */
    private Path lensesZip(Path jar) {
        try {
            Path dir = Files.createTempDirectory("cdclake-plugin-");
            Path zip = PluginClasses.zip(pluginDirs, jar, dir.resolve("lenses-s3-sink.zip"));
            dir.toFile().deleteOnExit();
            zip.toFile().deleteOnExit();
            return zip;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("packing the Lenses S3 sink plugin of " + jar, e);
        }
    }

    /** The external PostgreSQL of {@code --jdbc-url}, or null for the embedded one. */
    private SourceDatabase externalDatabase() {
        if (jdbcUrl == null) {
            if (dbUser != null || dbPasswordFile != null) {
                throw usage((dbUser != null ? "--db-user" : "--db-password-file")
                        + " applies to an external database only; add --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
            }
            return null;
        }
        return SourceDatabase.external(jdbcUrl, dbUser, password());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private String password() {
        if (dbPasswordFile != null) {
            try {
                return Files.readAllLines(dbPasswordFile, StandardCharsets.UTF_8).stream().findFirst().orElse("");
            } catch (IOException e) {
                throw usage("--db-password-file " + dbPasswordFile + " cannot be read ("
                        + e.getClass().getSimpleName() + "); give a readable file whose first line is the password");
            }
        }
        return System.getenv("PGPASSWORD");
    }

    static final class ViaConverter implements picocli.CommandLine.ITypeConverter<Via> {
        @Override
        public Via convert(String value) {
            return switch (value) {
                case "connect-rest" -> Via.CONNECT_REST;
                case "msk-connect" -> Via.MSK_CONNECT;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a target; use connect-rest or msk-connect");
            };
        }
    }
}
