package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SinkReader;
import io.cdclake.core.target.SourceAccess;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every captured table's rows have landed: for each table of the pipeline, its topic holds at least as many
 * records under the topic's sink prefix as the table has rows (counted when the check starts). At least, not
 * exactly: changes made after the snapshot add records.
 */
final class SnapshotCheck implements Scenario {

    static final String NAME = "snapshot";

    private final Pipeline pipeline;
    private final Patience patience;

    /** @param timeout how long to wait for records; null: two flush intervals of the environment plus 30 s */
    SnapshotCheck(Pipeline pipeline, String environment, Duration timeout) {
        this.pipeline = pipeline;
        this.patience = Patience.of(pipeline, environment, timeout);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "every captured table's rows landed in S3 (" + String.join(", ", pipeline.source().tables()) + ")";
    }

    @Override
    public ScenarioResult run(SinkReader sink, SourceAccess source, Consumer<String> progress) {
        long start = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection c = source.openSourceConnection(); Statement s = c.createStatement()) {
            for (String table : pipeline.source().tables()) {
                try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + table)) {
                    r.next();
                    rows.put(table, r.getLong(1));
                }
            }
        } catch (SQLException e) {
            checks.add(Check.fail("count the rows of the captured tables", e.getMessage()));
            return new ScenarioResult(NAME, checks, Duration.ofNanos(System.nanoTime() - start), Map.of());
        }
        SinkRecords records = new SinkRecords(sink);
        rows.forEach((table, expected) -> {
            String topic = pipeline.topic(table);
            String prefix = SinkRecords.prefixOf(pipeline, topic);
            progress.accept("waiting up to " + patience.text() + " for " + expected + " record(s) of " + topic
                    + " under " + prefix);
            Patience.Waited<Integer> waited = patience.poll(() -> {
                List<SinkObject> objects = records.objects(prefix, topic);
                return SinkRecords.records(records.read(objects)).size();
            }, landed -> landed >= expected);
            checks.add(Check.of(waited.reached(), "snapshot of " + table, waited.value() + " record(s) of " + topic
                    + " under " + prefix + ", " + expected + " row(s) in the table"
                    + (waited.reached() ? "" : " (after waiting " + patience.text() + ")")));
        });
        return new ScenarioResult(NAME, checks, Duration.ofNanos(System.nanoTime() - start), Map.of());
    }
}
