package io.cdclake.cli.chaos;

import io.cdclake.local.SourceDatabase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Restarts an external PostgreSQL given by {@code --jdbc-url} when this machine can: a Debian or Ubuntu cluster
 * (postgresql-common's {@code pg_lsclusters} / {@code pg_ctlcluster}) listening on the URL's port on this host.
 * Otherwise the fault is skipped, with the reason.
 */
final class ExternalPostgres {

    private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "::1", "[::1]");

    private ExternalPostgres() {
    }

    /** Restarts the server; returns null once it is restarted, or why it cannot be. */
    static String restart(String jdbcUrl, Consumer<String> notes) throws InterruptedException {
        SourceDatabase db = SourceDatabase.external(jdbcUrl, null, "");
        if (!LOCAL_HOSTS.contains(db.host())) {
            return "the server at " + db.host() + ":" + db.port() + " is not on this machine; restart it yourself"
                    + " during a run, or use the embedded PostgreSQL";
        }
        Optional<String[]> cluster;
        try {
            cluster = run(List.of("pg_lsclusters", "--no-header")).lines().map(l -> l.trim().split("\\s+"))
                    .filter(f -> f.length >= 3 && f[2].equals(Integer.toString(db.port()))).findFirst();
        } catch (IOException e) {
            return "pg_lsclusters is not available (" + e.getMessage() + "): without postgresql-common the run"
                    + " cannot restart the server on port " + db.port();
        }
        if (cluster.isEmpty()) {
            return "no cluster of pg_lsclusters listens on port " + db.port();
        }
        String version = cluster.get()[0];
        String name = cluster.get()[1];
        notes.accept("pg_ctlcluster " + version + " " + name + " restart");
        try {
            run(List.of("pg_ctlcluster", version, name, "restart"));
            return null;
        } catch (IOException e) {
            return "pg_ctlcluster " + version + " " + name + " restart failed: " + e.getMessage();
        }
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " ended with " + (p.isAlive() ? "a timeout" : p.exitValue())
                    + ": " + output.strip());
        }
        return output;
    }
}
