package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.ConnectorConfig;
import io.cdclake.core.render.ConnectorConfigs;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.target.SourceConnections;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.embedded.ConnectRestClient;
import io.cdclake.embedded.Directories;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.LocalRuntime;
import io.cdclake.local.Progress;
import io.cdclake.local.SinkBucket;
import io.cdclake.local.TopicInspector;
import org.awaitility.core.ConditionTimeoutException;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/**
 * One local pipeline started the way {@code ./cdclake up --fresh} starts it, on which the snapshot, stream and
 * latency benchmarks run. Once it is ready its own connectors are removed: each run brings its own pair (same
 * rendering, its own slot, topic and S3 prefix), so runs neither see nor wait for each other's changes.
 */
final class BenchSession implements AutoCloseable {

    static final String ENVIRONMENT = LocalPipeline.LOCAL_ENVIRONMENT;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    /**
     * When a run's changes were all in Kafka and all in S3 (counted from the run's start, or from each connector's
     * creation when they ran in turn), the objects the sink wrote, and the sink's and S3 server's CPU meanwhile.
     */
    record Landing(Duration kafka, Duration s3, List<SinkBucket.Entry> objects, ThreadCpu.Split cpu) {
    }

    private final LocalPipeline running;
    private final Pipeline pipeline;
    private final BenchSettings settings;
    private final Progress progress;
    private final RuntimeBindings bindings;
    private final TopicInspector topics;
    private final SinkBucket bucket;
    private final MemoryPeak memory = new MemoryPeak();

    private BenchSession(LocalPipeline running, Pipeline pipeline, BenchSettings settings, Progress progress) {
        this.running = running;
        this.pipeline = pipeline;
        this.settings = settings;
        this.progress = progress;
        Endpoints e = running.endpoints();
        this.bindings = RuntimeBindings.from(e);
        this.topics = new TopicInspector(e.kafka().bootstrapServers());
        this.bucket = SinkBucket.of(e.s3());
    }

    /** The pipeline file with the settings' tuning and flush interval. */
    static Pipeline configured(BenchSettings settings) {
        return TuningOverrides.apply(PipelineYaml.read(settings.pipelineFile()), settings.tuning(),
                settings.flushIntervalSeconds());
    }

    /** Connectors through the Connect REST API, as {@code up} applies them. */
    static LocalPipeline.TargetFactory targets(boolean deleteOnClose) {
        return (runtime, p, b) -> new ConnectRestTarget(runtime.connect().restUrl(), p, ENVIRONMENT, b, deleteOnClose);
    }

    static BenchSession start(BenchSettings settings, Pipeline pipeline, Progress progress) throws Exception {
        LocalPipeline running = LocalPipeline.builder().pipeline(pipeline)
                .dataDirectory(settings.dataDirectory().resolve("session")).pluginPath(settings.pluginPath())
                .fresh(true).scale(settings.scale()).targets(targets(true)).progress(progress)
                .timeout(Duration.ofSeconds(settings.timeoutSeconds())).start();
        BenchSession session = new BenchSession(running, pipeline, settings, progress);
        try {
            progress.phase("bench", "removing the pipeline's own connectors and slot; each run brings its own", () -> {
                running.target().close();
                session.dropSlot(pipeline.source().slotName());
                return null;
            });
            return session;
        } catch (Exception | Error e) {
            session.close();
            throw e;
        }
    }

    Pipeline pipeline() {
        return pipeline;
    }

    BenchSettings settings() {
        return settings;
    }

    Progress progress() {
        return progress;
    }

    MemoryPeak memory() {
        return memory;
    }

    Duration timeout() {
        return Duration.ofSeconds(settings.timeoutSeconds());
    }

    SinkBucket bucket() {
        return bucket;
    }

    /** A connection to the source database, search_path set to its schema. */
    Connection sql() throws SQLException {
        return SourceConnections.open(bindings, pipeline);
    }

    RawDecoding rawDecoding() throws SQLException {
        return RawDecoding.createSlot(running.endpoints().postgres(), pipeline.source().publication().name());
    }

    /**
     * The session's pipeline as run {@code id}: connectors, slot, topic prefix and S3 prefix of its own, and no
     * scenarios (a benchmark runs none, and theirs name the pipeline's own topics).
     */
    Pipeline forRun(String id, SnapshotMode snapshotMode) {
        return pipeline.toBuilder()
                .source(pipeline.source().toBuilder().slotName(id.replace('-', '_')).build())
                .debezium(pipeline.debezium().toBuilder().connectorName(id + "-source").topicPrefix(id)
                        .snapshotMode(snapshotMode).build())
                .sink(pipeline.sink().toBuilder().connectorName(id + "-sink").prefix(id).build())
                .scenarios(List.of())
                .build();
    }

    /** Creates the run's two connectors and waits until they run; closing the target deletes them. */
    ConnectRestTarget apply(Pipeline run) {
        ConnectRestTarget target = new ConnectRestTarget(URI.create(running.endpoints().connect().url()), run,
                ENVIRONMENT, bindings, true);
        try {
            target.apply(run);
            target.awaitRunning(timeout());
            return target;
        } catch (RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** A pgoutput slot as Debezium would create it, made before the changes it is to carry. */
    void createSlot(String slot) throws SQLException {
        try (Connection c = sql(); PreparedStatement st = c.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
            st.setString(1, slot);
            st.execute();
        }
    }

    /** Waits until whoever read from {@code slot} let go of it, then drops it; nothing when there is none. */
    void dropSlot(String slot) throws SQLException {
        awaitSlot(slot, false);
        try (Connection c = sql(); PreparedStatement drop = c.prepareStatement(
                "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = ?")) {
            drop.setString(1, slot);
            drop.execute();
        }
    }

    /** Waits until a reader holds {@code slot} (Debezium streams from then on), or until none does. */
    void awaitSlot(String slot, boolean held) throws SQLException {
        try (Connection c = sql();
             PreparedStatement active = c.prepareStatement("SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
            active.setString(1, slot);
            await("slot " + slot + (held ? " read" : " released")).atMost(timeout()).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (ResultSet rs = active.executeQuery()) {
                            return held == (rs.next() && rs.getBoolean(1));
                        }
                    });
        }
    }

    /**
     * Runs {@code run}'s connectors on changes that wait for them (a snapshot, or a slot's backlog) until all are in
     * Kafka and in S3, saying how far both are every two seconds, then removes the connectors and their slot. The
     * sink acknowledges (commits to Kafka) only what it has written to S3, so the acknowledgement times the landing
     * without a listing of the bucket, which on S3Proxy costs as much CPU as the writes it waits for; the records
     * read back afterwards keep the figure honest.
     */
    Landing carry(Pipeline run, long changes) throws SQLException {
        String topic = run.topics().get(0);
        long start = System.nanoTime();
        ThreadCpu cpu = new ThreadCpu(sinkThreads(run));
        Landing landed;
        try (ConnectRestTarget connectors = apply(run)) {
            Duration[] at = watch(run.sink().prefix(), changes, start, List.of(
                    new Count("in Kafka", () -> topics.messages(topic)),
                    new Count("written to S3", () -> topics.acknowledged(topic, run.sink().connectorName()))), cpu::sample);
            ThreadCpu.Split split = cpu.split();
            landed = new Landing(at[0], at[1], checkBucket(run.sink().prefix(), run, changes), split);
        }
        dropSlot(run.source().slotName());
        return landed;
    }

    /**
     * Runs {@code run}'s connectors one after the other on changes that wait in its slot: Debezium alone until the
     * topic holds them all (no sink exists yet), then the sink alone on that filled topic until it has acknowledged
     * them all; then removes both and the slot.
     *
     * @return Debezium's time from its creation, the sink's from its own, the sink's objects and CPU
     */
    Landing carryInTurn(Pipeline run, long changes) throws SQLException {
        ConnectorConfigs configs = ConnectorRenderer.render(run, ENVIRONMENT, bindings);
        ConnectRestClient connect = new ConnectRestClient(URI.create(running.endpoints().connect().url()));
        String label = run.sink().prefix();
        String topic = run.topics().get(0);
        String sink = configs.sink().name();
        try {
            long sourceStart = System.nanoTime();
            create(connect, configs.source());
            Duration kafka = watch(label + " Debezium alone", changes, sourceStart,
                    List.of(new Count("in Kafka", () -> topics.messages(topic))), () -> { })[0];
            long sinkStart = System.nanoTime();
            ThreadCpu cpu = new ThreadCpu(sinkThreads(run));
            create(connect, configs.sink());
            Duration s3 = watch(label + " sink alone", changes, sinkStart,
                    List.of(new Count("written to S3", () -> topics.acknowledged(topic, sink))), cpu::sample)[0];
            ThreadCpu.Split split = cpu.split();
            return new Landing(kafka, s3, checkBucket(label, run, changes), split);
        } finally {
            connect.delete(configs.sink().name());
            connect.delete(configs.source().name());
            dropSlot(run.source().slotName());
        }
    }

    private void create(ConnectRestClient connect, ConnectorConfig connector) {
        connect.putConfig(connector.name(), connector.config());
        try {
            connect.awaitRunning(connector.name(), timeout());
        } catch (ConnectRestClient.ConnectRestException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * The sink connector's threads: its task thread (Connect names it after the task while it runs it), its
     * consumer's heartbeat thread (named after its group, which is named after the connector), and the sink's PUT
     * threads.
     */
    static Predicate<String> sinkThreads(Pipeline run) {
        String connector = run.sink().connectorName();
        return name -> name.contains(connector) || name.startsWith("s3-sink-put-");
    }

    /** A count a wait watches, named as the progress lines show it: {@code in Kafka}. */
    private record Count(String what, Callable<Long> value) {
    }

    /**
     * Polls {@code counts} every 100 ms until each has reached {@code changes}, saying how far they are every two
     * seconds, and runs {@code eachPoll} with each poll.
     *
     * @return when each count reached {@code changes}, from {@code startNanos}
     */
    private Duration[] watch(String label, long changes, long startNanos, List<Count> counts, Runnable eachPoll) {
        long[] values = new long[counts.size()];
        long[] reachedAt = new long[counts.size()];
        AtomicLong said = new AtomicLong(System.nanoTime());
        Supplier<String> howFar = () -> IntStream.range(0, values.length)
                .mapToObj(i -> String.format("%,d/%,d %s", values[i], changes, counts.get(i).what()))
                .collect(Collectors.joining(", "));
        try {
            await(label).atMost(timeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                eachPoll.run();
                for (int i = 0; i < values.length; i++) {
                    values[i] = counts.get(i).value().call();
                    if (values[i] >= changes && reachedAt[i] == 0) {
                        reachedAt[i] = System.nanoTime();
                    }
                }
                if (System.nanoTime() - said.get() > PROGRESS_EVERY.toNanos()) {
                    said.set(System.nanoTime());
                    progress.say(label, howFar.get());
                }
                return Arrays.stream(reachedAt).allMatch(t -> t != 0);
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(String.format("%s: %s after %d s; see the log under %s, or raise --timeout",
                    label, howFar.get(), settings.timeoutSeconds(), settings.dataDirectory().resolve(LocalRuntime.LOGS_DIRECTORY)), e);
        }
        return Arrays.stream(reachedAt).mapToObj(t -> Duration.ofNanos(t - startNanos)).toArray(Duration[]::new);
    }

    /**
     * Checks that the run's S3 prefix holds {@code changes} records, reading each object once.
     *
     * @return the objects under the prefix
     */
    private List<SinkBucket.Entry> checkBucket(String label, Pipeline run, long changes) {
        SinkTally tally = new SinkTally(bucket, run.sink().prefix() + "/");
        long inBucket = tally.records();
        if (inBucket != changes) {
            throw new IllegalStateException(String.format("%s: the sink acknowledged %,d changes but S3 holds %,d records"
                    + " under %s/", label, changes, inBucket, run.sink().prefix()));
        }
        List<SinkBucket.Entry> objects = tally.objects();
        progress.say(label, String.format("%,d/%,d in S3, in %,d objects", changes, changes, objects.size()));
        return objects;
    }

    /** {@code figures} and the memory figures since the last reset, as one run's result. */
    RunResult result(String name, List<Figure> figures) {
        List<Figure> all = new ArrayList<>(figures);
        all.addAll(memory.figures());
        return new RunResult(name, all);
    }

    @Override
    public void close() {
        memory.close();
        topics.close();
        bucket.close();
        running.close();
        if (!settings.keepData()) {
            Directories.delete(settings.dataDirectory().resolve("session"));
        }
    }
}
