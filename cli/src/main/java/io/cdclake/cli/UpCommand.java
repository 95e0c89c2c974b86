package io.cdclake.cli;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.S3Endpoint;
import io.cdclake.local.Progress;
import io.cdclake.local.RuntimeControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local pipeline (PostgreSQL, Kafka, Connect, S3) and keep it running until Ctrl-C.",
                "Started again on the same data dir it resumes: no new snapshot, nothing lost, nothing written twice."})
final class UpCommand implements Callable<Integer> {

    @Mixin
    PipelineOption pipeline;

    @Mixin
    DataDirOption dataDir;

    @Mixin
    LocalRun run;

    @Option(names = "--fresh", description = "Delete the data dir first: a new database and a new snapshot.")
    boolean fresh;

    @Option(names = "--control", hidden = true,
            description = "Open the loopback control channel that ./cdclake chaos stops and starts parts through.")
    boolean control;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir.path();
        PrintStream out = System.out;
        var model = pipeline.read();
        Path log = LogFile.redirect(dir);
        Progress progress = new Progress(out);
        progress.say("up", "pipeline " + model.name() + ", data dir " + dir + ", logs in " + log);
        LocalPipeline running = run.start(model, dir, fresh, progress, true);
        RuntimeControl channel = control ? RuntimeControl.open(running.runtime(), progress) : null;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            progress.say("up", "stopping");
            if (channel != null) {
                channel.close();
            }
            running.close();
            progress.say("up", running.resumable() ? "stopped; start again with the same --data-dir to resume"
                    : "stopped; the container parts' data went with them, so the next up starts afresh");
            stopped.countDown();
            // Every part is stopped, in order: the hooks Kafka Connect registers per worker have nothing left
            // to do but would wait out their timeouts.
            Runtime.getRuntime().halt(0);
        }, "cdclake-stop"));
        printEndpoints(out, running.endpoints(), dir);
        progress.say("ready", "pipeline " + model.name() + " is running; Ctrl-C stops it");
        stopped.await();
        return 0;
    }

    static void printEndpoints(PrintStream out, Endpoints e, Path dataDir) {
        out.println();
        out.printf("  PostgreSQL   psql -h %s -p %d -U %s -d %s   (%s)%n",
                e.postgres().host(), e.postgres().port(), e.postgres().user(), e.postgres().database(),
                e.postgres().password() == null ? "your password; commands here read PGPASSWORD" : "no password needed");
        out.printf("  Kafka        %s%n", e.kafka().bootstrapServers());
        out.printf("  Connect      %s%n", e.connect().url());
        out.printf("  S3           %s  bucket %s  (%s)%n", e.s3().endpoint(), e.s3().bucket(),
                S3Endpoint.of(e.s3()).credentialsSource());
        if (e.mskConnect() != null) {
            out.printf("  MSK Connect  %s%n", e.mskConnect().url());
        }
        out.printf("  endpoints    %s%n%n", Endpoints.file(dataDir));
    }
}
