package io.cdclake.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.Progress;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One cold start, in a JVM of its own (started by {@link StartupBenchmark}): the pipeline as {@code ./cdclake up
 * --fresh} starts it, its progress lines on stdout, then one line {@value #RESULT} followed by the figures as JSON.
 * The argument is the {@link BenchSettings} as JSON, their data directory this run's own.
 */
public final class StartupProbe {

    static final String RESULT = "startup-result ";
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    /** How the runner's phases read in the results: what each one waits for. */
    private static final Map<String, String> PHASE_NAMES = Map.of("connectors", "connectors running",
            "snapshot", "snapshot landed");

    private StartupProbe() {
    }

    public static void main(String[] args) {
        try {
            MemoryPeak memory = new MemoryPeak();
            BenchSettings settings = JSON.readValue(args[0], BenchSettings.class);
            Progress progress = new Progress(System.out);
            LocalPipeline running = LocalPipeline.builder().pipeline(BenchSession.configured(settings))
                    .dataDirectory(settings.dataDirectory()).pluginPath(settings.pluginPath()).fresh(true)
                    .scale(settings.scale()).targets(BenchSession.targets(false)).progress(progress)
                    // stopped by its own shutdown hooks if the benchmark is stopped before it is ready
                    .timeout(Duration.ofSeconds(settings.timeoutSeconds())).stopOnJvmExit(true).start();
            long jvmToReady = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            List<Figure> figures = new ArrayList<>();
            progress.phases().forEach((phase, took) -> figures.add(
                    new Figure(PHASE_NAMES.getOrDefault(phase, phase), Throughput.seconds(took), Figure.SECONDS)));
            figures.add(new Figure("JVM start to ready", jvmToReady / 1000.0, Figure.SECONDS));
            figures.addAll(memory.figures());
            System.out.println(RESULT + JSON.writeValueAsString(new RunResult("startup", figures)));
            System.out.flush();
            running.close();
        } catch (Exception | Error e) {
            System.err.println("startup run failed: " + e);
            e.printStackTrace();
            System.err.flush();
            Runtime.getRuntime().halt(1);
        }
        // Every part is closed; Kafka Connect's own shutdown hooks would only wait out their timeouts.
        Runtime.getRuntime().halt(0);
    }
}
