package io.cdclake.bench;

import io.cdclake.core.runtime.Endpoints;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The limit a log-based pipeline is measured against: PostgreSQL decoding its WAL with pgoutput, read through the
 * JDBC driver's replication stream and nothing else (no parsing beyond each message's type byte). A temporary
 * slot on the pipeline's publication is created first, so it covers exactly the changes written after it; it
 * disappears with this connection.
 */
final class RawDecoding implements AutoCloseable {

    /** What the stream delivered: changes (insert, update and delete messages), bytes, and the time it took. */
    record Decoded(long changes, long bytes, Duration took) {
        double rate() {
            return changes / (took.toNanos() / 1e9);
        }
    }

    private final Connection connection;
    private final String slot;
    private final LogSequenceNumber start;
    private final String publication;

    private RawDecoding(Connection connection, String slot, LogSequenceNumber start, String publication) {
        this.connection = connection;
        this.slot = slot;
        this.start = start;
        this.publication = publication;
    }

    /** Creates the temporary slot: from here on, every change on {@code publication} can be read. */
    static RawDecoding createSlot(Endpoints.Postgres pg, String publication) throws SQLException {
        Properties p = new Properties();
        PGProperty.USER.set(p, pg.user());
        PGProperty.PASSWORD.set(p, Objects.requireNonNullElse(pg.password(), ""));
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(p, "10");
        PGProperty.REPLICATION.set(p, "database");
        PGProperty.PREFER_QUERY_MODE.set(p, "simple");
        Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
        try {
            String slot = "bench_raw_" + Long.toHexString(System.nanoTime());
            LogSequenceNumber start = c.unwrap(PGConnection.class).getReplicationAPI().createReplicationSlot().logical()
                    .withSlotName(slot).withOutputPlugin("pgoutput").withTemporaryOption().make().getConsistentPoint();
            return new RawDecoding(c, slot, start, publication);
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Reads the slot from its start until {@code changes} change messages arrived, timing from the request to stream
     * until the last of them.
     *
     * @throws IllegalStateException when they did not all arrive within {@code timeout}
     */
    Decoded read(long changes, Duration timeout) throws SQLException {
        ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "raw-decoding-watchdog"));
        // read() blocks until a message comes; closing the connection is what ends a wait that overruns.
        var overrun = watchdog.schedule(() -> {
            connection.close();
            return null;
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        long seen = 0;
        long bytes = 0;
        long t0 = System.nanoTime();
        try (PGReplicationStream stream = connection.unwrap(PGConnection.class).getReplicationAPI()
                .replicationStream().logical().withSlotName(slot).withStartPosition(start)
                .withSlotOption("proto_version", 1).withSlotOption("publication_names", publication)
                .withStatusInterval(10, TimeUnit.SECONDS).start()) {
            while (seen < changes) {
                ByteBuffer message = stream.read();
                bytes += message.remaining();
                byte type = message.get(message.position());
                if (type == 'I' || type == 'U' || type == 'D') {
                    seen++;
                }
            }
            return new Decoded(seen, bytes, Duration.ofNanos(System.nanoTime() - t0));
        } catch (SQLException e) {
            if (overrun.isDone()) {
                throw new IllegalStateException("raw pgoutput decoding gave " + seen + " of " + changes
                        + " changes within " + timeout.toSeconds() + " s; raise --timeout", e);
            }
            throw e;
        } finally {
            overrun.cancel(false);
            watchdog.shutdownNow();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
