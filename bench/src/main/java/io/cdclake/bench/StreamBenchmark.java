package io.cdclake.bench;

import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.local.Progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Streaming changes, as one large transaction (every order updated at once) and as many small ones (one order
 * each). The changes are committed while nobody reads them yet, held by two slots made beforehand: a temporary one
 * that times raw pgoutput decoding, then Debezium's own, which a new connector pair starts reading from. Both
 * therefore cover the same WAL range, and neither competes with the other or with the writes for the two cores.
 * With {@code --parts}, a second Debezium slot made beside the first holds the same changes for the parts run alone
 * afterwards ({@link Decomposition}).
 */
final class StreamBenchmark {

    static final String LARGE = "stream, one large transaction";
    static final String SMALL = "stream, small transactions";

    private StreamBenchmark() {
    }

    static List<RunResult> run(BenchSession session, int run) throws Exception {
        int small = session.settings().smallTransactions();
        return List.of(
                carry(session, LARGE, "bench-large-" + run, "one transaction updating every order",
                        StreamBenchmark::updateAllOrders),
                carry(session, SMALL, "bench-small-" + run, String.format("%,d transactions of one order each", small),
                        s -> updateOrdersOneByOne(s, small)));
    }

    @FunctionalInterface
    private interface Changes {
        /** Commits the changes; returns how many outbox changes they make. */
        long write(BenchSession session) throws Exception;
    }

    private static RunResult carry(BenchSession session, String name, String id, String what, Changes changes) throws Exception {
        Progress progress = session.progress();
        Set<Part> parts = session.settings().parts();
        boolean inTurn = parts.contains(Part.DEBEZIUM) || parts.contains(Part.SINK);
        session.memory().reset();
        Pipeline pipeline = session.forRun(id, SnapshotMode.NO_DATA);
        Pipeline turn = session.forRun(id + "-parts", SnapshotMode.NO_DATA);
        session.createSlot(pipeline.source().slotName());
        if (inTurn) {
            session.createSlot(turn.source().slotName());
        }
        RawDecoding.Decoded raw;
        try (RawDecoding decoding = session.rawDecoding()) {
            long written = progress.phase(id, "committing " + what, () -> changes.write(session));
            raw = progress.phase(id, String.format("reading those %,d changes through pgoutput", written),
                    () -> decoding.read(written, session.timeout()));
        }
        Throughput endToEnd = new Throughput(raw.changes(), raw, session.carry(pipeline, raw.changes()));
        List<Figure> figures = new ArrayList<>(endToEnd.figures());
        if (!parts.isEmpty()) {
            Optional<BenchSession.Landing> alone = inTurn ? Optional.of(progress.phase(turn.sink().prefix(),
                    "the same changes again: Debezium alone into Kafka, then the sink alone from that topic into S3",
                    () -> session.carryInTurn(turn, raw.changes()))) : Optional.empty();
            Optional<S3ServerAlone.Puts> server = parts.contains(Part.S3_SERVER) ? Optional.of(progress.phase(
                    id + "-s3-server", String.format("the S3 server alone: the %,d objects again, from %d threads",
                            endToEnd.landed().objects().size(), session.settings().putThreads()),
                    () -> S3ServerAlone.run(session, id + "-s3-server", pipeline.sink().prefix(), endToEnd.landed().objects())))
                    : Optional.empty();
            figures.addAll(new Decomposition(endToEnd, alone, server).figures());
        }
        return session.result(name, figures);
    }

    private static long updateAllOrders(BenchSession session) throws Exception {
        try (Connection c = session.sql(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            int updated = st.executeUpdate("UPDATE orders SET freight = freight + 0.01");
            c.commit();
            return updated;
        }
    }

    private static long updateOrdersOneByOne(BenchSession session, int transactions) throws Exception {
        try (Connection c = session.sql();
             PreparedStatement update = c.prepareStatement("UPDATE orders SET freight = freight + 0.01 WHERE order_id = ?")) {
            List<Integer> orders = orderIds(c);
            long updated = 0;
            for (int i = 0; i < transactions; i++) {
                update.setInt(1, orders.get(i % orders.size()));
                updated += update.executeUpdate();
            }
            return updated;
        }
    }

    /** Every order id, ascending. */
    static List<Integer> orderIds(Connection c) throws Exception {
        List<Integer> ids = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT order_id FROM orders ORDER BY order_id")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }
}
