package io.cdclake.cli;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Files;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = {"Print a pipeline's two connector configurations for an environment as JSON, secrets redacted.",
                "Values a running local runtime supplies (local and emulator) are taken from the running 'up',"
                        + " or shown as <runtime> when none runs."})
final class RenderCommand implements Callable<Integer> {

    @Mixin
    PipelineOption pipelineOption;

    @Option(names = "--env", paramLabel = "ENV", required = true,
            description = "The environment to render, e.g. local, emulator or aws.")
    String environment;

    @Mixin
    DataDirOption dataDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineOption.read();
        Environment env = pipeline.environment(environment);
        ConnectorConfigs configs;
        if (!env.kind().runtimeBound()) {
            configs = ConnectorRenderer.render(pipeline, environment, null);
        } else if (Files.exists(Endpoints.file(dataDir.path()))) {
            configs = ConnectorRenderer.render(pipeline, environment,
                    RuntimeBindings.from(Endpoints.read(dataDir.path())));
        } else {
            spec.commandLine().getErr().println("no local runtime runs in " + dataDir.path()
                    + ": values it would supply are shown as " + ConnectorRenderer.RUNTIME);
            configs = ConnectorRenderer.preview(pipeline, environment);
        }
        spec.commandLine().getOut().println(configs.toRedactedJson());
        return 0;
    }
}
