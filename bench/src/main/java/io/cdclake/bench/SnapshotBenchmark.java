package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.sql.SourceLoader;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Debezium's initial snapshot of the outbox, into Kafka and into S3, from the creation of a new connector pair.
 * The raw figure it is compared with: the same rows decoded through pgoutput, written as one transaction that
 * rewrites each outbox row (a snapshot reads rows, not WAL, so this is the same changes' decoding limit).
 */
final class SnapshotBenchmark {

    static final String NAME = "snapshot";
    private static final String OUTBOX = SourceLoader.NORTHWIND_OUTBOX;

    private SnapshotBenchmark() {
    }

    static RunResult run(BenchSession session, int run) throws Exception {
        String id = "bench-snapshot-" + run;
        session.memory().reset();
        RawDecoding.Decoded raw;
        try (RawDecoding decoding = session.rawDecoding()) {
            long rows = session.progress().phase(id, "rewriting every outbox row in one transaction, for the raw figure",
                    () -> rewriteOutbox(session));
            raw = session.progress().phase(id, String.format("reading those %,d changes through pgoutput", rows),
                    () -> decoding.read(rows, session.timeout()));
        }
        BenchSession.Landing landed = session.carry(session.forRun(id, SnapshotMode.INITIAL), raw.changes());
        return session.result(NAME, new Throughput(raw.changes(), raw, landed).figures());
    }

    private static long rewriteOutbox(BenchSession session) throws Exception {
        try (Connection c = session.sql(); Statement st = c.createStatement()) {
            int rewritten = st.executeUpdate("UPDATE " + OUTBOX + " SET updated_at = updated_at");
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM " + OUTBOX)) {
                rs.next();
                if (rs.getLong(1) != rewritten) {
                    throw new IllegalStateException("rewrote " + rewritten + " of " + rs.getLong(1) + " outbox rows");
                }
            }
            return rewritten;
        }
    }
}
