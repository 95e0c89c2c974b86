package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.deploy.MskConnectTarget;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    @Option(names = "--plugin-dir", paramLabel = "DIR",
            description = "An extra Connect plugin directory (e.g. one holding the Lenses S3 sink); repeatable.")
    List<Path> pluginDirs = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the connectors and the snapshot (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

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
        for (Path dir : pluginDirs) {
            if (!Files.isDirectory(dir)) {
                throw new IllegalArgumentException("--plugin-dir " + dir + " is not a directory");
            }
            pluginPath.add(dir.toAbsolutePath());
        }
        LocalPipeline.TargetFactory targets = via == Via.MSK_CONNECT
                ? (runtime, p, bindings) -> MskConnectTarget.emulated(runtime.mskConnect().orElseThrow().endpoint(), p,
                        EMULATOR_ENVIRONMENT, bindings, dataDir.resolve("plugin-zips"), line -> progress.say("msk-connect", line), false)
                : (runtime, p, bindings) -> new ConnectRestTarget(runtime.connect().restUrl(), p,
                        LocalPipeline.LOCAL_ENVIRONMENT, bindings, false);
        return LocalPipeline.start(pipeline, dataDir, pluginPath, fresh, via == Via.MSK_CONNECT, targets, progress,
                Duration.ofSeconds(timeoutSeconds), !ownShutdownHook);
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
