package io.cdclake.it;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.MskConnectTarget;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;
import io.cdclake.local.SourceDatabase;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Starts the reference pipeline on the local runtime, the way {@code ./cdclake up} does. */
final class LocalTargets {

    static final Path PIPELINE_FILE = Path.of("..", "pipelines", "northwind-orders.yaml");
    static final Pipeline PIPELINE = PipelineYaml.read(PIPELINE_FILE);
    static final Duration TIMEOUT = Duration.ofMinutes(3);

    private LocalTargets() {
    }

    static List<Path> pluginPath() {
        String plugins = System.getProperty("cdclake.plugins");
        if (plugins == null) {
            throw new IllegalStateException("system property cdclake.plugins is not set; run the tests with Maven (mvn verify)");
        }
        return List.of(Path.of(plugins).toAbsolutePath().normalize());
    }

    /** The reference pipeline with the local environment's flush interval set to {@code seconds}. */
    static Pipeline withLocalFlushInterval(int seconds) {
        Environment local = PIPELINE.environment(LocalPipeline.LOCAL_ENVIRONMENT);
        Flush flush = PIPELINE.flush(LocalPipeline.LOCAL_ENVIRONMENT);
        return PIPELINE.toBuilder().environment(LocalPipeline.LOCAL_ENVIRONMENT, local.toBuilder()
                .flush(new Flush(seconds, flush.count(), flush.sizeBytes())).build()).build();
    }

    /** How a test brings the pipeline up: through the Connect REST API, or the deployer and the MSK Connect emulator. */
    enum Kind { CONNECT_REST, MSK_CONNECT }

    static LocalPipeline start(Kind kind, Path dataDir) throws Exception {
        return kind == Kind.MSK_CONNECT ? mskConnect(dataDir) : connectRest(dataDir, true);
    }

    /** The pipeline deployed by the AWS deployer's code to the local MSK Connect emulator (environment emulator). */
    static LocalPipeline mskConnect(Path dataDir) throws Exception {
        Progress progress = new Progress(System.out);
        return LocalPipeline.builder().pipeline(PIPELINE).dataDirectory(dataDir).pluginPath(pluginPath()).fresh(true)
                .mskConnectEmulator(true)
                .targets((runtime, pipeline, bindings) -> MskConnectTarget.emulated(
                        runtime.mskConnect().orElseThrow().endpoint(), pipeline, "emulator", bindings,
                        dataDir.resolve("plugin-zips"), line -> progress.say("msk-connect", line), true))
                .progress(progress).timeout(TIMEOUT).start();
    }

    /** The pipeline on the Connect REST target; closing the returned pipeline keeps its data dir for a restart. */
    static LocalPipeline connectRest(Path dataDir, boolean fresh) throws Exception {
        return connectRest(PIPELINE, dataDir, fresh, null);
    }

    /** As {@link #connectRest(Path, boolean)}, for {@code pipeline}, from {@code externalDatabase} unless null. */
    static LocalPipeline connectRest(Pipeline pipeline, Path dataDir, boolean fresh, SourceDatabase externalDatabase)
            throws Exception {
        return LocalPipeline.builder().pipeline(pipeline).dataDirectory(dataDir).pluginPath(pluginPath()).fresh(fresh)
                .externalDatabase(externalDatabase)
                .targets((runtime, p, bindings) -> ConnectRestTarget.local(runtime, p,
                        LocalPipeline.LOCAL_ENVIRONMENT, bindings, false))
                .progress(new Progress(System.out)).timeout(TIMEOUT).start();
    }
}
