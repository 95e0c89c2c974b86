package io.cdclake.cli.chaos;

import io.cdclake.core.runtime.Endpoints;
import io.cdclake.embedded.Directories;
import io.cdclake.local.LocalRuntime;
import io.cdclake.local.Progress;
import io.cdclake.local.SinkBucket;
import io.cdclake.local.SourceDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A fault run: a runner of the chaos pipeline in a child process, a seeded stream of committed changes into its
 * source, and the faults injected one by one at seeded points of the stream, each only once the previous one has
 * recovered (the stream goes on meanwhile, up to the next fault's point). Then every committed change is looked for
 * in S3, change by change.
 */
public final class ChaosRun {

    /** What to run. {@code jdbcUrl} null for the embedded PostgreSQL. */
    public record Settings(int changes, long seed, List<Fault> faults, String via, String jdbcUrl, String dbUser,
                           Path dataDir, Duration outage, int changesPerSecond, Duration timeout) {
    }

    private static final Duration POLL = Duration.ofSeconds(1);
    /** How long the landing of the last changes may make no progress before the missing ones count as lost. */
    private static final Duration STALL = Duration.ofMinutes(2);

    private final Settings settings;
    private final Progress progress;
    private final Path runnerDir;
    private final Path log;
    private final ChangeCounts landed = new ChangeCounts();
    private Runner runner;
    private ChangeLoad stream;
    private int runnerStarts;

    public ChaosRun(Settings settings, Progress progress) {
        this.settings = settings;
        this.progress = progress;
        this.runnerDir = settings.dataDir().resolve("runner");
        this.log = settings.dataDir().resolve("runner.log");
    }

    public ChaosReport run() throws Exception {
        Directories.delete(settings.dataDir());
        Files.createDirectories(settings.dataDir());
        String database = settings.jdbcUrl() == null ? "chaosdb"
                : SourceDatabase.external(settings.jdbcUrl(), settings.dbUser(), "").database();
        Path pipeline = ChaosPipeline.write(settings.dataDir(), database);
        progress.say("chaos", settings.changes() + " changes, seed " + settings.seed() + ", faults "
                + String.join(",", settings.faults().stream().map(Fault::label).toList()) + ", via " + settings.via()
                + "; pipeline " + pipeline + ", runner output in " + log);
        startRunner();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "chaos-watcher");
            t.setDaemon(true);
            return t;
        });
        try (SinkBucket bucket = bucket()) {
            ChangeLoad load = new ChangeLoad(this::connect, new ChangePlan(settings.seed(), firstId()),
                    settings.changes(), settings.changesPerSecond(), settings.seed(),
                    note -> progress.say("load", note));
            stream = load;
            List<Integer> points = points();
            // the stream's last stretch waits for the last fault's recovery too: the changes after it are a control
            int tail = settings.changes() - settings.changes() / (points.size() + 1) / 4;
            load.allowUpTo(points.size() > 1 ? points.get(1) : tail);
            watcher.scheduleWithFixedDelay(() -> readLanded(bucket), 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            watcher.scheduleWithFixedDelay(() -> progress.say("load", load.committed() + "/" + settings.changes()
                    + " committed, " + landedCount(load.ledger()) + " in S3"), 5, 5, TimeUnit.SECONDS);
            Thread loader = new Thread(load, "chaos-load");
            loader.setDaemon(true);
            loader.start();

            List<Window> windows = new ArrayList<>();
            for (int i = 0; i < settings.faults().size(); i++) {
                Fault fault = settings.faults().get(i);
                awaitCommitted(load, points.get(i));
                windows.add(inject(fault, load, i + 1 < points.size() ? points.get(i + 1) : tail));
                load.allowUpTo(i + 2 < points.size() ? points.get(i + 2) : tail);
            }
            load.allowUpTo(settings.changes());
            loader.join(settings.timeout().toMillis());
            if (load.failure() != null) {
                throw new IllegalStateException("the change stream stopped: " + load.failure().getMessage(), load.failure());
            }
            List<Change> ledger = load.ledger();
            progress.say("chaos", ledger.size() + " changes committed; waiting for them to land in S3");
            awaitLanded(ledger);
            watcher.shutdownNow();

            progress.say("chaos", "counting every change in S3 and in topic " + ChaosPipeline.TOPIC);
            ChangeCounts inS3 = new ChangeCounts();
            inS3.readNewObjects(bucket, ChaosPipeline.PREFIX);
            ChangeCounts inTopic = ChangeCounts.ofTopic(Endpoints.read(runnerDir).kafka().bootstrapServers(),
                    ChaosPipeline.TOPIC);
            return report(ledger, windows, inS3.snapshot(), inTopic.snapshot());
        } finally {
            watcher.shutdownNow();
            if (stream != null) {
                stream.stop(); // a run that failed leaves no stream writing on
            }
            if (runner != null) {
                progress.say("chaos", "stopping the runner");
                runner.close();
            }
        }
    }

    /**
     * A fault: its name, how far the stream was once the pipeline had recovered from it (the changes before that
     * and after the previous fault's recovery are the ones it could lose or repeat), and how long recovery took.
     */
    private record Window(String name, int until, Duration recovery, String note) {
    }

    /**
     * Seeded points of the stream, one per fault, each in its own stretch of the stream: the faults meet changes
     * before and after them.
     */
    private List<Integer> points() {
        Random random = new Random(settings.seed());
        int n = settings.faults().size();
        int stretch = settings.changes() / (n + 1);
        List<Integer> points = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            points.add(stretch * (i + 1) - stretch / 4 + random.nextInt(Math.max(1, stretch / 2)));
        }
        return points;
    }

    /**
     * Injects the fault and waits for the pipeline to recover from it.
     *
     * @param holdAt where the stream waits until the fault has recovered: the next fault's point
     */
    private Window inject(Fault fault, ChangeLoad load, int holdAt) throws Exception {
        int from = load.committed();
        progress.say("fault", fault.label() + " at change " + from);
        long t0 = System.nanoTime();
        String skipped = null;
        int mark;
        switch (fault) {
            case RUNNER_KILL -> {
                runner.kill();
                mark = load.committed();
                progress.say("fault", "runner killed with SIGKILL; starting it again on " + runnerDir);
                startRunner();
            }
            case POSTGRES_RESTART -> {
                if (settings.jdbcUrl() == null) {
                    runner.control("postgres", "stop");
                    mark = load.committed();
                    runner.control("postgres", "start");
                } else {
                    skipped = ExternalPostgres.restart(settings.jdbcUrl(), line -> progress.say("fault", line));
                    mark = load.committed();
                }
            }
            case KAFKA_RESTART -> mark = stopAndStart("kafka", load, Duration.ZERO);
            case CONNECT_RESTART -> mark = stopAndStart("connect", load, Duration.ZERO);
            case S3_OUTAGE -> mark = stopAndStart("s3", load, settings.outage());
            default -> throw new IllegalStateException("fault " + fault);
        }
        if (skipped != null) {
            progress.say("fault", fault.label() + " skipped: " + skipped);
            return new Window(fault.label(), load.committed(), null, "skipped: " + skipped);
        }
        // the stream may have reached the hold during a long fault: the change that shows recovery must come
        load.allowUpTo(Math.max(holdAt, mark + 1));
        Duration recovery = awaitRecovered(load, mark, t0);
        if (recovery == null) {
            String note = "no change committed after it landed within " + Progress.seconds(settings.timeout())
                    + "; see " + log + " and " + runnerDir.resolve(LocalRuntime.LOGS_DIRECTORY);
            progress.say("fault", fault.label() + ": " + note);
            return new Window(fault.label(), load.committed(), null, note);
        }
        progress.say("fault", fault.label() + " recovered in " + Progress.seconds(recovery)
                + " (a change committed after it hit is in S3)");
        return new Window(fault.label(), load.committed(), recovery, null);
    }

    private int stopAndStart(String part, ChangeLoad load, Duration down) throws Exception {
        progress.say("fault", runner.control(part, "stop"));
        int mark = load.committed();
        if (!down.isZero()) {
            progress.say("fault", part + " down for " + Progress.seconds(down));
            Thread.sleep(down.toMillis()); // the outage itself: the stream and the pipeline go on meanwhile
        }
        progress.say("fault", runner.control(part, "start"));
        return mark;
    }

    /**
     * Waits until a change committed after the fault hit is in S3; returns the time since the injection, or null
     * when none landed within the timeout. Any one of them, not the first: a change the pipeline lost (or carried
     * only inside a new snapshot) must not stall the run, it is counted as lost at the end. When the stream ended
     * while the fault lasted, its last change stands for them.
     */
    private Duration awaitRecovered(ChangeLoad load, int mark, long t0) throws InterruptedException {
        long deadline = System.nanoTime() + settings.timeout().toNanos();
        while (System.nanoTime() < deadline) {
            failIfStopped(load);
            List<Change> ledger = load.ledger();
            boolean recovered = mark < ledger.size()
                    ? ledger.subList(mark, ledger.size()).stream().anyMatch(c -> landed.count(c) > 0)
                    : load.done() && landed.count(ledger.get(ledger.size() - 1)) > 0;
            if (recovered) {
                return Duration.ofNanos(System.nanoTime() - t0);
            }
            Thread.sleep(100);
        }
        return null;
    }

    private void awaitCommitted(ChangeLoad load, int changes) throws InterruptedException {
        while (load.committed() < changes) {
            failIfStopped(load);
            Thread.sleep(50);
        }
    }

    private static void failIfStopped(ChangeLoad load) {
        if (load.failure() != null) {
            throw new IllegalStateException("the change stream stopped: " + load.failure().getMessage(), load.failure());
        }
    }

    /** Waits until every committed change is in S3, or until none more has landed for a while. */
    private void awaitLanded(List<Change> ledger) throws InterruptedException {
        long lastProgress = System.nanoTime();
        long best = -1;
        while (true) {
            long count = landedCount(ledger);
            if (count == ledger.size()) {
                progress.say("chaos", count + "/" + ledger.size() + " in S3");
                return;
            }
            if (count > best) {
                best = count;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                progress.say("chaos", count + "/" + ledger.size() + " in S3 and no more for "
                        + Progress.seconds(STALL) + ": the rest is lost");
                return;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private long landedCount(List<Change> ledger) {
        return ledger.stream().filter(c -> landed.count(c) > 0).count();
    }

    private void readLanded(SinkBucket bucket) {
        try {
            landed.readNewObjects(bucket, ChaosPipeline.PREFIX);
        } catch (RuntimeException e) {
            // S3 is down (the outage) or the runner restarts: the next look reads what this one missed
        }
    }

    private ChaosReport report(List<Change> ledger, List<Window> windows, Map<Change, Integer> inS3,
                               Map<Change, Integer> inTopic) {
        List<ChaosReport.Row> rows = new ArrayList<>();
        int from = 0;
        for (Window w : windows) {
            int until = Math.min(Math.max(from, w.until()), ledger.size());
            rows.add(ChaosReport.row(w.name(), ledger.subList(from, until), inS3, inTopic, w.recovery(), w.note()));
            from = until;
        }
        rows.add(ChaosReport.row(windows.isEmpty() ? "(no faults)" : "(after faults)", ledger.subList(from, ledger.size()),
                inS3, inTopic, null, null));
        return new ChaosReport(rows);
    }

    private void startRunner() throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("up", "--pipeline",
                settings.dataDir().resolve("chaos-pipeline.yaml").toString(), "--data-dir", runnerDir.toString(),
                "--control", "--via", settings.via()));
        if (settings.jdbcUrl() != null) {
            args.addAll(List.of("--jdbc-url", settings.jdbcUrl()));
            if (settings.dbUser() != null) {
                args.addAll(List.of("--db-user", settings.dbUser()));
            }
        }
        long t0 = System.nanoTime();
        runner = Runner.start(args, runnerDir, log);
        runnerStarts++;
        progress.say("runner", (runnerStarts == 1 ? "starting" : "starting again") + " (pid " + runner.pid() + ")");
        runner.awaitReady(settings.timeout());
        progress.say("runner", "ready in " + Progress.seconds(Duration.ofNanos(System.nanoTime() - t0)));
    }

    private SinkBucket bucket() {
        return SinkBucket.of(Endpoints.read(runnerDir).s3());
    }

    /** The source database, found again after each runner start (an embedded one keeps its port). */
    private Connection connect() throws SQLException {
        if (settings.jdbcUrl() != null) {
            SourceDatabase external = SourceDatabase.external(settings.jdbcUrl(), settings.dbUser(),
                    System.getenv("PGPASSWORD"));
            return external.connect(external.database());
        }
        Endpoints.Postgres pg;
        try {
            pg = Endpoints.read(runnerDir).postgres();
        } catch (RuntimeException e) {
            throw new SQLException("the runner is starting: " + e.getMessage(), "08001", e);
        }
        return java.sql.DriverManager.getConnection(pg.jdbcUrl(), pg.user(), pg.password() == null ? "" : pg.password());
    }

    /** Ids start after the table's: an external database may keep rows of an earlier run. */
    private long firstId() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) + 1 FROM " + ChaosPipeline.TABLE)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
