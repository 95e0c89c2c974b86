package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.runtime.Endpoints;
import io.cdclake.core.target.SourceConnections;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.embedded.Directories;
import io.cdclake.local.ConnectRestTarget;
import io.cdclake.local.LocalPipeline;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;

/**
 * One local pipeline started the way {@code ./cdclake up --fresh} starts it, on which the snapshot, stream and
 * latency benchmarks run. Once it is ready its own connectors are removed: each run brings its own pair (same
 * rendering, its own slot, topic and S3 prefix), so runs neither see nor wait for each other's changes.
 */
final class BenchSession implements AutoCloseable {

    static final String ENVIRONMENT = LocalPipeline.LOCAL_ENVIRONMENT;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);

    /** When a run's changes were all in Kafka and all in S3, counted from the run's start. */
    record Landing(Duration kafka, Duration s3) {
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
     * Kafka and in S3, then removes the connectors and their slot.
     *
     * @return the throughput figures against {@code raw}, the same changes' raw decoding, and the memory figures
     */
    RunResult carry(String name, Pipeline run, RawDecoding.Decoded raw) throws SQLException {
        long start = System.nanoTime();
        Landing landed;
        try (ConnectRestTarget connectors = apply(run)) {
            landed = land(run.sink().prefix(), run, raw.changes(), start);
        }
        dropSlot(run.source().slotName());
        List<Figure> figures = new ArrayList<>(new Throughput(raw.changes(), raw, landed).figures());
        figures.addAll(memory.figures());
        return new RunResult(name, figures);
    }

    /**
     * Waits until the run's topic holds {@code changes} messages and the run's sink has acknowledged them all,
     * saying how far both are every two seconds; then checks that its S3 prefix holds {@code changes} records.
     * The sink acknowledges (commits to Kafka) only what it has written to S3, so the acknowledgement times the
     * landing without a listing of the bucket, which on S3Proxy costs as much CPU as the writes it waits for; the
     * count read back afterwards keeps the figure honest.
     *
     * @param startNanos {@link System#nanoTime()} at the run's start, which both times count from
     */
    Landing land(String label, Pipeline run, long changes, long startNanos) {
        String topic = run.topics().get(0);
        AtomicLong inKafka = new AtomicLong();
        AtomicLong inS3 = new AtomicLong();
        AtomicLong kafkaAt = new AtomicLong();
        AtomicLong s3At = new AtomicLong();
        AtomicLong said = new AtomicLong(System.nanoTime());
        try {
            await(label).atMost(timeout()).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
                inKafka.set(topics.messages(topic));
                if (inKafka.get() >= changes) {
                    kafkaAt.compareAndSet(0, System.nanoTime());
                }
                inS3.set(topics.acknowledged(topic, run.sink().connectorName()));
                if (inS3.get() >= changes) {
                    s3At.compareAndSet(0, System.nanoTime());
                }
                if (System.nanoTime() - said.get() > PROGRESS_EVERY.toNanos()) {
                    said.set(System.nanoTime());
                    progress.say(label, String.format("%,d/%,d in Kafka, %,d/%,d written to S3", inKafka.get(), changes,
                            inS3.get(), changes));
                }
                return kafkaAt.get() != 0 && s3At.get() != 0;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(String.format("%s: %,d/%,d changes in Kafka and %,d/%,d written to S3 after"
                    + " %d s; see the log under %s, or raise --timeout", label, inKafka.get(), changes, inS3.get(),
                    changes, settings.timeoutSeconds(), settings.dataDirectory().resolve("logs")), e);
        }
        long inBucket = new SinkTally(bucket, run.sink().prefix() + "/").records();
        if (inBucket != changes) {
            throw new IllegalStateException(String.format("%s: the sink acknowledged %,d changes but S3 holds %,d records"
                    + " under %s/", label, changes, inBucket, run.sink().prefix()));
        }
        progress.say(label, String.format("%,d/%,d in Kafka, %,d/%,d in S3", changes, changes, changes, changes));
        return new Landing(Duration.ofNanos(kafkaAt.get() - startNanos), Duration.ofNanos(s3At.get() - startNanos));
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
