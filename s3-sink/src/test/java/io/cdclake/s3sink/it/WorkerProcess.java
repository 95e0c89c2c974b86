package io.cdclake.s3sink.it;

import io.cdclake.embedded.ConnectWorker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * A Connect worker in a JVM of its own, so a test can stop it the hard way (SIGKILL): no task stop, no final
 * offset commit, requests to S3 cut off wherever they are.
 */
public final class WorkerProcess implements AutoCloseable {

    private static final String READY = "WORKER READY ";

    private final Process process;
    private final String restUrl;

    private WorkerProcess(Process process, String restUrl) {
        this.process = process;
        this.restUrl = restUrl;
    }

    /**
     * Starts a worker of group {@code groupId} in a child JVM with this JVM's class path, logging to {@code log}.
     *
     * @param workerProperties worker settings over the embedded worker's defaults
     */
    public static WorkerProcess start(String bootstrapServers, String groupId, Path pluginPath,
                                      Map<String, String> workerProperties, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), WorkerProcess.class.getName(),
                bootstrapServers, groupId, pluginPath.toString()));
        workerProperties.forEach((k, v) -> command.add(k + "=" + v));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Pattern ready = Pattern.compile(Pattern.quote(READY) + "(\\S+)");
        AtomicReference<String> restUrl = new AtomicReference<>();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the worker process exited with " + process.exitValue()
                            + "; see " + log);
                }
                Matcher m = ready.matcher(Files.readString(log));
                if (m.find()) {
                    restUrl.set(m.group(1));
                }
                return restUrl.get() != null;
            });
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
        return new WorkerProcess(process, restUrl.get());
    }

    public String restUrl() {
        return restUrl;
    }

    /** SIGKILL: the JVM ends at once. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    /** Arguments: bootstrap servers, group id, plugin path, then name=value worker properties. */
    public static void main(String[] args) throws InterruptedException {
        ConnectWorker.Builder builder = ConnectWorker.builder().bootstrapServers(args[0]).groupId(args[1])
                .pluginPath(List.of(Paths.get(args[2])));
        for (int i = 3; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            builder.workerProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        ConnectWorker worker = builder.start();
        System.out.println(READY + worker.restUrl());
        System.out.flush();
        new CountDownLatch(1).await(); // until killed
    }
}
