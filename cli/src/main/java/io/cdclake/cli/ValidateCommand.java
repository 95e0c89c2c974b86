package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.validate.Placeholders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a pipeline file: every problem at once, each with its path, value and fix.")
final class ValidateCommand implements Callable<Integer> {

    @Mixin
    PipelineOption pipelineOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Pipeline pipeline = pipelineOption.read();
        List<String> placeholders = new ArrayList<>();
        pipeline.environments().keySet().forEach(env -> {
            int n = Placeholders.find(pipeline, env).size();
            if (n > 0) {
                placeholders.add(env + " has " + n + " placeholder" + (n == 1 ? "" : "s") + " to fill before deploying");
            }
        });
        spec.commandLine().getOut().println("ok: " + pipeline.name() + " (" + pipelineOption.file + "): "
                + String.join(", ", pipeline.source().tables()) + " -> " + String.join(", ", pipeline.topics())
                + " -> s3://" + pipeline.sink().bucket() + "/" + String.join("/, ", pipeline.sinkPrefixes()) + "/; environments "
                + String.join(", ", pipeline.environments().keySet())
                + (placeholders.isEmpty() ? "" : "; " + String.join("; ", placeholders)));
        return 0;
    }
}
