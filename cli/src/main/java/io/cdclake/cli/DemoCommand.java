package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.Target;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;
import io.cdclake.scenario.Scenario;
import io.cdclake.scenario.ScenarioResult;
import io.cdclake.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The pipeline's walk-through in one go on a fresh, temporary data dir: start, the snapshot",
                "check, every scenario the pipeline declares, the S3 records they read, PASS/FAIL per check."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    PipelineOption pipeline;

    @Mixin
    LocalRun run;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        Pipeline model = pipeline.read();
        Path dir = Files.createTempDirectory("cdclake-demo-");
        Path log = LogFile.redirect(dir);
        Progress progress = new Progress(out);
        progress.say("demo", "pipeline " + model.name() + " on a fresh data dir " + dir + " (logs in " + log + ")");
        List<ScenarioResult> results = new ArrayList<>();
        try (LocalPipeline running = run.start(model, dir, true, progress, false)) {
            progress.say("ready", "the snapshot has landed; running the scenarios");
            Target target = running.target();
            for (Scenario scenario : Scenarios.all(model, LocalPipeline.LOCAL_ENVIRONMENT)) {
                ScenarioResult result = scenario.run(target, target, line -> progress.say(scenario.name(), line));
                results.add(result);
                result.objects().forEach((key, content) -> {
                    out.println("  s3://" + model.sink().bucket() + "/" + key);
                    content.lines().forEach(line -> out.println("    " + line));
                });
            }
            running.target().close();
        } finally {
            deleteQuietly(dir);
        }
        out.println();
        boolean passed = true;
        for (ScenarioResult result : results) {
            out.println(result.report());
            passed &= result.passed();
        }
        out.println();
        out.println(passed ? "PASS: every check passed" : "FAIL: see the checks above");
        return passed ? 0 : 1;
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
