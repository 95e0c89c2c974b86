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
import io.cdclake.embedded.S3Container;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.LocalRuntime;
import io.cdclake.local.PluginClasses;
import io.cdclake.local.Progress;
import io.cdclake.local.S3Endpoint;
import io.cdclake.local.SourceDatabase;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
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

    private String s3Endpoint;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
            description = {"Let the sink write to this S3 endpoint instead of the embedded server: a MinIO, a"
                    + " LocalStack, AWS S3 (e.g. https://s3.ap-southeast-2.amazonaws.com). The bucket is created when"
                    + " absent and never deleted.",
                    "Credentials come from --s3-profile or the AWS SDK's default chain (AWS_ACCESS_KEY_ID and"
                            + " AWS_SECRET_ACCESS_KEY, AWS_PROFILE, ~/.aws) and are never written to files.",
                    "The pipeline's environments.local.s3 chooses one too; these options win."})
    void s3Endpoint(String url) {
        String problem = Environment.LocalS3.endpointProblem(url);
        if (problem != null) {
            throw usage("--s3-endpoint " + url + " " + problem + "; give the endpoint URL, e.g. http://localhost:9000");
        }
        s3Endpoint = url;
    }

    @Option(names = "--s3-profile", paramLabel = "NAME",
            description = "The AWS profile whose credentials sign for --s3-endpoint (default: the default chain).")
    String s3Profile;

    @Option(names = "--s3-region", paramLabel = "REGION",
            description = "The region of --s3-endpoint's bucket (default: environments.local.region, else "
                    + S3Endpoint.DEFAULT_REGION + ").")
    void s3Region(String region) {
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw usage("--s3-region " + region + " is not a region code; give one such as eu-west-1");
        }
        s3Region = region;
    }

    private String s3Region;

    private String s3Container;

    @Option(names = "--s3-container", paramLabel = "IMAGE", arity = "0..1",
            fallbackValue = S3Container.DEFAULT_IMAGE,
            description = {"Let the sink write to S3 in a LocalStack container (Testcontainers; default image:"
                    + " ${FALLBACK-VALUE}) instead of the embedded server. Needs a Docker engine. Its objects live as"
                    + " long as the run (a fresh data dir)."})
    void s3Container(String image) {
        if (image.isBlank()) {
            throw usage("--s3-container needs an image name, e.g. " + S3Container.DEFAULT_IMAGE);
        }
        s3Container = image;
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
        Environment.LocalS3 s3 = s3(local);
        Pipeline effective = withS3Region(withSuppliedSink(pipeline, progress));
        LocalPipeline.TargetFactory targets = via == Via.MSK_CONNECT
                ? (runtime, p, bindings) -> MskConnectTarget.emulated(emulator(runtime), p, EMULATOR_ENVIRONMENT,
                        bindings, dataDir.resolve("plugin-zips"), line -> progress.say("msk-connect", line), false)
                : (runtime, p, bindings) -> ConnectRestTarget.local(runtime, p,
                        LocalPipeline.LOCAL_ENVIRONMENT, bindings, false);
        LocalPipeline running = LocalPipeline.builder().pipeline(effective).dataDirectory(dataDir)
                .pluginPath(pluginPath).fresh(fresh).mskConnectEmulator(via == Via.MSK_CONNECT)
                .externalDatabase(external).sourceContainer(container).kafkaContainer(kafka)
                .externalS3(s3 == null || s3.endpoint() == null ? null : S3Endpoint.external(URI.create(s3.endpoint()),
                        endpointRegion(effective.environments().get(LocalPipeline.LOCAL_ENVIRONMENT)), s3.profile()))
                .s3Container(s3 == null ? null : s3.container())
                .targets(targets)
                .progress(progress).timeout(Duration.ofSeconds(timeoutSeconds)).stopOnJvmExit(!ownShutdownHook)
                .start();
        ArchiveRecording.runtimeStarted();
        return running;
    }

    /**
     * The sink's S3 of this run: the options, else the pipeline's {@code environments.local.s3}, else null for the
     * embedded server.
     */
    private Environment.LocalS3 s3(Environment local) {
        if (s3Endpoint != null && s3Container != null) {
            throw usage("--s3-endpoint and --s3-container both name the sink's S3; give one of them");
        }
        Environment.LocalS3 s3 = s3Endpoint != null || s3Container != null
                ? new Environment.LocalS3(s3Endpoint, s3Profile, s3Container)
                : local == null || local.s3() == null ? null
                : new Environment.LocalS3(local.s3().endpoint(), s3Profile != null ? s3Profile : local.s3().profile(),
                        local.s3().container());
        if (s3 == null || s3.endpoint() == null) {
            if (s3Profile != null || s3Region != null) {
                throw usage((s3Profile != null ? "--s3-profile" : "--s3-region") + " applies to an S3 endpoint;"
                        + " add --s3-endpoint URL");
            }
            return s3;
        }
        if (s3.profile() != null && via == Via.MSK_CONNECT) {
            // the emulator's workers keep connector configurations on disk, as MSK Connect does: no keys in them
            throw usage("--s3-profile " + s3.profile() + " with --via msk-connect: the emulator's workers sign with the"
                    + " default chain, as MSK Connect's use the execution role; run with AWS_PROFILE=" + s3.profile()
                    + " instead of --s3-profile");
        }
        return s3;
    }

    /** The region of an S3 endpoint: the local environment's (which {@code --s3-region} sets), else the default. */
    private static String endpointRegion(Environment local) {
        return local != null && local.region() != null ? local.region() : S3Endpoint.DEFAULT_REGION;
    }

    /** The pipeline with {@code --s3-region} as its local environments' region, where the sink signs with it. */
    private Pipeline withS3Region(Pipeline pipeline) {
        if (s3Region == null) {
            return pipeline;
        }
        Map<String, Environment> environments = new LinkedHashMap<>();
        pipeline.environments().forEach((name, env) -> environments.put(name,
                env.kind().runtimeBound() ? env.toBuilder().region(s3Region).build() : env));
        return pipeline.toBuilder().environments(environments).build();
    }

    /** The MSK Connect emulator of {@code runtime}, with the local S3 server that holds its plugins. */
    private static MskConnectTarget.Emulator emulator(LocalRuntime runtime) {
        S3Endpoint store = runtime.pluginStore().orElseThrow();
        return new MskConnectTarget.Emulator(runtime.mskConnect().orElseThrow().endpoint(), store.url(),
                store.accessKey(), store.secretKey());
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
