package io.cdclake.it;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.Target;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.deploy.MskConnectTarget;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.LocalRuntime;
import io.cdclake.local.Progress;
import io.cdclake.local.SourceDatabase;
import io.cdclake.scenario.Scenario;
import io.cdclake.scenario.ScenarioResult;
import io.cdclake.scenario.Scenarios;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Starts the reference pipeline (or another) on the local runtime, the way {@code ./cdclake up} does. */
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
        return start(kind, PIPELINE, dataDir);
    }

    /** {@code pipeline} started afresh on {@code kind}. */
    static LocalPipeline start(Kind kind, Pipeline pipeline, Path dataDir) throws Exception {
        return kind == Kind.MSK_CONNECT ? mskConnect(pipeline, dataDir) : connectRest(pipeline, dataDir, true, null);
    }

    /** The pipeline deployed by the AWS deployer's code to the local MSK Connect emulator (environment emulator). */
    static LocalPipeline mskConnect(Path dataDir) throws Exception {
        return mskConnect(PIPELINE, dataDir);
    }

    /** As {@link #mskConnect(Path)}, for {@code pipeline}. */
    static LocalPipeline mskConnect(Pipeline pipeline, Path dataDir) throws Exception {
        Progress progress = new Progress(System.out);
        return LocalPipeline.builder().pipeline(pipeline).dataDirectory(dataDir).pluginPath(pluginPath()).fresh(true)
                .mskConnectEmulator(true)
                .targets((runtime, p, bindings) -> MskConnectTarget.emulated(new MskConnectTarget.Emulator(
                        runtime.mskConnect().orElseThrow().endpoint(), runtime.pluginStore().orElseThrow().url(),
                        LocalRuntime.S3_ACCESS_KEY, LocalRuntime.S3_SECRET_KEY), p, "emulator", bindings,
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

    /**
     * The snapshot check, then every scenario {@code pipeline} declares, run in order on the running pipeline's
     * target, as {@code ./cdclake demo} runs them; each must pass. Returns their names in the order they ran.
     */
    static List<String> runEveryScenario(LocalPipeline running, Pipeline pipeline) {
        Target target = running.target();
        List<String> ran = new ArrayList<>();
        for (Scenario scenario : Scenarios.all(pipeline, LocalPipeline.LOCAL_ENVIRONMENT)) {
            ScenarioResult result = scenario.run(target, target, line -> System.out.println(scenario.name() + ": " + line));
            System.out.println(result.report());
            assertThat(result.passed()).as(result.report()).isTrue();
            ran.add(result.scenario());
        }
        return ran;
    }
}
