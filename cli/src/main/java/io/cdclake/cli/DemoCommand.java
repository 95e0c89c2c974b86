package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.scenario.Check;
import io.cdclake.core.scenario.ScenarioResult;
import io.cdclake.core.scenario.Scenarios;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The article's walk-through in one go on a fresh, temporary data dir: start, snapshot,",
                "order update, order insert, the S3 records of orders 11077 and 11075, PASS/FAIL per check."})
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
            for (String name : Scenarios.NAMES) {
                ScenarioResult result = Scenarios.create(name, model, LocalPipeline.LOCAL_ENVIRONMENT)
                        .run(running.target(), line -> progress.say(name, line));
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
            for (Check check : result.checks()) {
                out.println(check);
            }
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
