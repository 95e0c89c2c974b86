package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.scenario.ScenarioResult;
import io.cdclake.core.scenario.Scenarios;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "scenario", mixinStandardHelpOptions = true, description = "Run the article's scenarios against a running 'up'.",
        subcommands = ScenarioCommand.Run.class)
final class ScenarioCommand {

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Run one scenario: order-update or order-insert.")
    static final class Run implements Callable<Integer> {

        @Parameters(paramLabel = "SCENARIO", description = "order-update, order-insert (or snapshot).")
        String name;

        @Mixin
        PipelineOption pipeline;

        @Mixin
        DataDirOption dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Pipeline model = pipeline.read();
            Endpoints endpoints = Endpoints.read(dataDir.path());
            PrintWriter out = spec.commandLine().getOut();
            ScenarioResult result;
            try (ConnectRestTarget target = ConnectRestTarget.attach(endpoints, model, LocalPipeline.LOCAL_ENVIRONMENT)) {
                result = Scenarios.create(name, model, LocalPipeline.LOCAL_ENVIRONMENT)
                        .run(target, line -> {
                            out.println("  " + line);
                            out.flush();
                        });
            }
            result.objects().forEach((key, content) -> {
                out.println("s3://" + model.sink().bucket() + "/" + key);
                content.lines().forEach(line -> out.println("  " + line));
            });
            out.println(result.report());
            return result.passed() ? 0 : 1;
        }
    }
}
