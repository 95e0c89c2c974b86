package io.cdclake.cli;

import io.cdclake.cli.chaos.ChaosReport;
import io.cdclake.cli.chaos.ChaosRun;
import io.cdclake.cli.chaos.Fault;
import io.cdclake.local.Progress;
import io.cdclake.local.SourceDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"A fault run: a stream of committed changes (single- and multi-row transactions, inserts,"
                + " updates, deletes) through a running pipeline of its own while faults hit it at seeded points;"
                + " then every committed change is looked for in S3.",
                "Prints per fault: committed, landed, lost, duplicated (and already duplicated in the topic), time"
                        + " to recover. Exit 1 when a change is lost."})
final class ChaosCommand implements Callable<Integer> {

    @Option(names = "--changes", paramLabel = "N", defaultValue = "10000",
            description = "Committed changes in the stream (default: ${DEFAULT-VALUE}).")
    void changes(int n) {
        if (n < 100) {
            throw usage("--changes " + n + " is too few to place faults in; give 100 or more");
        }
        changes = n;
    }

    private int changes;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seeds the transactions and the fault points: the same seed, the same run (default: ${DEFAULT-VALUE}).")
    long seed;

    private final List<Fault> faults = new ArrayList<>();

    @Option(names = "--faults", paramLabel = "LIST", defaultValue = "runner-kill,postgres-restart,kafka-restart,connect-restart,s3-outage",
            description = "The faults, in the order they hit, comma-separated: runner-kill, postgres-restart,"
                    + " kafka-restart, connect-restart, s3-outage (default: all, in this order).")
    void faults(String list) {
        faults.clear();
        for (String name : list.split(",")) {
            faults.add(Fault.of(name.strip()).orElseThrow(() -> usage("--faults: '" + name.strip()
                    + "' is not a fault; use a comma-separated list of " + Fault.labels())));
        }
    }

    @Option(names = "--via", paramLabel = "connect-rest|msk-connect", defaultValue = "connect-rest",
            converter = LocalRun.ViaConverter.class,
            description = "Register the connectors through the Connect REST API or the MSK Connect emulator (default: ${DEFAULT-VALUE}).")
    LocalRun.Via via;

    private String jdbcUrl;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = {"Read from this PostgreSQL instead of the embedded one (wal_level=logical, a user with"
                    + " REPLICATION; password in PGPASSWORD). Its restart is done with pg_ctlcluster when the server"
                    + " is a local Debian cluster, else skipped with the reason."})
    void jdbcUrl(String url) {
        try {
            SourceDatabase.external(url, null, null);
        } catch (IllegalArgumentException e) {
            throw usage("--jdbc-url: " + e.getMessage());
        }
        jdbcUrl = url;
    }

    @Option(names = "--db-user", paramLabel = "USER", description = "The user for --jdbc-url.")
    String dbUser;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${sys:cdclake.home:-.}/.cdclake/chaos",
            description = "The run's directory, emptied first: its pipeline, the runner's data dir and output (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    private Duration outage;

    @Option(names = "--outage", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long the S3 outage lasts (default: ${DEFAULT-VALUE}).")
    void outage(int seconds) {
        if (seconds < 1) {
            throw usage("--outage " + seconds + " must be at least 1 second");
        }
        outage = Duration.ofSeconds(seconds);
    }

    private int rate;

    @Option(names = "--rate", paramLabel = "CHANGES_PER_SECOND", defaultValue = "200",
            description = "The stream's pace at most (default: ${DEFAULT-VALUE}).")
    void rate(int perSecond) {
        if (perSecond < 1) {
            throw usage("--rate " + perSecond + " must be at least 1 change a second");
        }
        rate = perSecond;
    }

    private Duration timeout;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "How long a runner start, or a recovery, may take before the run fails (default: ${DEFAULT-VALUE}).")
    void timeout(int seconds) {
        if (seconds < 1) {
            throw usage("--timeout " + seconds + " must be at least 1 second");
        }
        timeout = Duration.ofSeconds(seconds);
    }

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (dbUser != null && jdbcUrl == null) {
            throw usage("--db-user applies to an external database only; add --jdbc-url jdbc:postgresql://HOST:PORT/DATABASE");
        }
        PrintStream out = System.out;
        Progress progress = new Progress(out);
        String target = via == LocalRun.Via.MSK_CONNECT ? "msk-connect" : "connect-rest";
        ChaosReport report = new ChaosRun(new ChaosRun.Settings(changes, seed, List.copyOf(faults), target, jdbcUrl,
                dbUser, dataDir.toAbsolutePath().normalize(), outage, rate, timeout), progress).run();
        report.print(out);
        if (report.lost() > 0) {
            out.println("FAIL: " + report.lost() + " committed change(s) are not in S3");
            return 1;
        }
        out.println("PASS: every committed change is in S3 (" + report.duplicated() + " duplicated)");
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
