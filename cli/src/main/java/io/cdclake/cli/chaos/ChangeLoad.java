package io.cdclake.cli.chaos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Commits the {@link ChangePlan}'s transactions one after another and keeps the ledger of what committed, in
 * commit order. Through a fault it keeps trying: a transaction that failed before its commit is tried again, and
 * one whose commit got no answer (the server went away) is looked up once the server is back, so the ledger holds
 * exactly the changes the database committed. It never runs further than {@link #allowUpTo(long)} says, and no
 * faster than its rate.
 */
public final class ChangeLoad implements Runnable {

    /** Opens a connection to the source database (its address may change across a runner restart). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    private static final Duration RETRY = Duration.ofMillis(250);
    /** How long the database may stay unreachable before the run gives up. */
    private static final Duration GIVE_UP = Duration.ofMinutes(5);

    private final Connector connector;
    private final ChangePlan plan;
    private final long total;
    private final int changesPerSecond;
    private final Random payloads;
    private final Consumer<String> notes;
    private final List<Change> ledger = new ArrayList<>();
    private long allowed;
    private volatile Throwable failure;
    private volatile boolean stopped;
    private Connection connection;
    private long nextDueNanos;

    public ChangeLoad(Connector connector, ChangePlan plan, long total, int changesPerSecond, long seed,
                      Consumer<String> notes) {
        this.connector = connector;
        this.plan = plan;
        this.total = total;
        this.changesPerSecond = changesPerSecond;
        this.payloads = new Random(seed ^ 0x5DEECE66DL);
        this.notes = notes;
        this.allowed = total;
    }

    /** The changes committed so far, in commit order. */
    public synchronized List<Change> ledger() {
        return List.copyOf(ledger);
    }

    public synchronized int committed() {
        return ledger.size();
    }

    /** Lets the load commit until {@code changes} changes are committed, and no further. */
    public synchronized void allowUpTo(long changes) {
        allowed = Math.min(total, changes);
        notifyAll();
    }

    /** Why the load stopped early, if it did. */
    public Throwable failure() {
        return failure;
    }

    public boolean done() {
        return committed() >= total || failure != null || stopped;
    }

    public synchronized void stop() {
        stopped = true;
        notifyAll();
    }

    @Override
    public void run() {
        try {
            while (!stopped) {
                int remaining;
                synchronized (this) {
                    while (!stopped && ledger.size() >= allowed && ledger.size() < total) {
                        wait();
                    }
                    remaining = (int) Math.min(Integer.MAX_VALUE, total - ledger.size());
                }
                if (stopped || remaining <= 0) {
                    return;
                }
                List<Change> transaction = plan.next(remaining);
                commit(transaction);
                plan.committed(transaction);
                synchronized (this) {
                    ledger.addAll(transaction);
                }
                pace(transaction.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        } finally {
            closeConnection();
        }
    }

    /**
     * Sleeps while the load is ahead of its rate. The schedule never lies in the past, so after an outage the load
     * goes on at its rate instead of catching up in a burst: the faults should meet a steady stream.
     */
    private void pace(int changes) throws InterruptedException {
        long now = System.nanoTime();
        nextDueNanos = Math.max(nextDueNanos, now) + changes * 1_000_000_000L / changesPerSecond;
        long ahead = nextDueNanos - now;
        if (ahead > 0) {
            Thread.sleep(ahead / 1_000_000, (int) (ahead % 1_000_000));
        }
    }

    /** Commits the transaction, through outages; returns once the database holds it. */
    private void commit(List<Change> transaction) throws InterruptedException, SQLException {
        long unreachableSince = 0;
        while (!stopped) {
            boolean committing = false;
            try {
                Connection c = connection();
                c.setAutoCommit(false);
                for (Change change : transaction) {
                    apply(c, change);
                }
                committing = true;
                c.commit();
                return;
            } catch (SQLException e) {
                closeConnection();
                if (committing && committedAfterAll(transaction)) {
                    notes.accept("a commit got no answer (" + firstLine(e) + ") but the database holds it");
                    return;
                }
                if (unreachableSince == 0) {
                    unreachableSince = System.nanoTime();
                } else if (System.nanoTime() - unreachableSince > GIVE_UP.toNanos()) {
                    throw new SQLException("the source database failed every transaction for "
                            + GIVE_UP.toMinutes() + " minutes; last: " + e.getMessage(), e);
                }
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    /**
     * Whether a transaction whose commit got no answer committed: its rows are in one state or the other, and
     * only this load writes them. Waits for the database to answer again.
     */
    private boolean committedAfterAll(List<Change> transaction) throws InterruptedException, SQLException {
        Change probe = transaction.get(0);
        long since = System.nanoTime();
        while (true) {
            try (PreparedStatement st = connection().prepareStatement(
                    "SELECT version FROM " + ChaosPipeline.TABLE + " WHERE id = ?")) {
                connection.setAutoCommit(true);
                st.setLong(1, probe.id());
                try (ResultSet rs = st.executeQuery()) {
                    Integer version = rs.next() ? rs.getInt(1) : null;
                    return switch (probe.op()) {
                        case "c" -> version != null;
                        case "u" -> version != null && version == probe.version();
                        default -> version == null;
                    };
                }
            } catch (SQLException e) {
                closeConnection();
                if (System.nanoTime() - since > GIVE_UP.toNanos()) {
                    throw e;
                }
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    private void apply(Connection c, Change change) throws SQLException {
        String sql = switch (change.op()) {
            case "c" -> "INSERT INTO " + ChaosPipeline.TABLE + " (version, payload, id) VALUES (?, ?, ?)";
            case "u" -> "UPDATE " + ChaosPipeline.TABLE + " SET version = ?, payload = ? WHERE id = ?";
            default -> "DELETE FROM " + ChaosPipeline.TABLE + " WHERE id = ? AND version = ?";
        };
        try (PreparedStatement st = c.prepareStatement(sql)) {
            if (change.op().equals("d")) {
                st.setLong(1, change.id());
                st.setInt(2, change.version());
            } else {
                st.setInt(1, change.version());
                st.setString(2, payload());
                st.setLong(3, change.id());
            }
            int rows = st.executeUpdate();
            if (rows != 1) {
                // only this load writes the table: a row in another state means the ledger is wrong
                throw new IllegalStateException(change + " changed " + rows + " rows; the table was changed by"
                        + " someone else during the run");
            }
        }
    }

    private String payload() {
        return Long.toString(payloads.nextLong() & Long.MAX_VALUE, 36);
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            connection = connector.open();
        }
        return connection;
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the server is gone already; nothing to release
            }
            connection = null;
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
