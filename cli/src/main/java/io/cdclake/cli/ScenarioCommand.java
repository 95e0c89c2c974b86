package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.scenario.Scenario;
import io.cdclake.scenario.ScenarioResult;
import io.cdclake.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "scenario", mixinStandardHelpOptions = true,
        description = "The scenarios the pipeline file declares, and the snapshot check.",
        subcommands = {ScenarioCommand.ListScenarios.class, ScenarioCommand.Run.class})
final class ScenarioCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the pipeline's scenarios.")
    static final class ListScenarios implements Callable<Integer> {

        @Mixin
        PipelineOption pipeline;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Pipeline model = pipeline.read();
            PrintWriter out = spec.commandLine().getOut();
            for (Scenario s : Scenarios.all(model, LocalPipeline.LOCAL_ENVIRONMENT)) {
                out.printf("%-20s %s%n", s.name(), s.description());
            }
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Run one scenario against a running 'up' (see 'scenario list').")
    static final class Run implements Callable<Integer> {

        @Parameters(paramLabel = "SCENARIO", description = "A scenario of the pipeline, or snapshot.")
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
            Scenario scenario;
            try {
                scenario = Scenarios.create(name, model, LocalPipeline.LOCAL_ENVIRONMENT);
            } catch (Scenarios.UnknownScenarioException e) {
                spec.commandLine().getErr().println("error: " + e.getMessage());
                return 2;
            }
            Endpoints endpoints = Endpoints.read(dataDir.path());
            PrintWriter out = spec.commandLine().getOut();
            ScenarioResult result;
            try (ConnectRestTarget target = ConnectRestTarget.attach(endpoints, model, LocalPipeline.LOCAL_ENVIRONMENT)) {
                result = scenario.run(target, target, line -> {
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
