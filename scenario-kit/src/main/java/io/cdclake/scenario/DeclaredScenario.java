package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Scenario.Expectation;
import io.cdclake.core.model.Scenario.Step;
import io.cdclake.core.target.SinkReader;
import io.cdclake.core.target.SourceAccess;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A scenario of the pipeline file: its {@code before} expectations, then its steps, each statement committed on
 * its own, then its {@code expect} expectations, waiting for each to land. When a check before the steps fails,
 * the steps do not run, so the database is left as it was.
 */
final class DeclaredScenario implements Scenario {

    private final io.cdclake.core.model.Scenario declared;
    private final Pipeline pipeline;
    private final Patience patience;

    /** @param timeout how long to wait for records; null: two flush intervals of the environment plus 30 s */
    DeclaredScenario(io.cdclake.core.model.Scenario declared, Pipeline pipeline, String environment, Duration timeout) {
        this.declared = declared;
        this.pipeline = pipeline;
        this.patience = Patience.of(pipeline, environment, timeout);
    }

    @Override
    public String name() {
        return declared.name();
    }

    @Override
    public String description() {
        return Objects.requireNonNullElse(declared.description(), "");
    }

    @Override
    public ScenarioResult run(SinkReader sink, SourceAccess source, Consumer<String> progress) {
        long start = System.nanoTime();
        SinkRecords records = new SinkRecords(sink);
        List<Check> checks = new ArrayList<>();
        Map<String, String> shown = new LinkedHashMap<>();
        expect("before: ", declared.before(), records, progress, checks, new LinkedHashMap<>());
        if (checks.stream().allMatch(Check::passed)) {
            if (steps(source, progress, checks)) {
                expect("", declared.expect(), records, progress, checks, shown);
            }
        } else {
            progress.accept("not running the steps: a check before them failed");
        }
        return new ScenarioResult(name(), checks, Duration.ofNanos(System.nanoTime() - start), shown);
    }

    /** Waits for each expectation that expects records, then checks those that expect none. */
    private void expect(String phase, List<Expectation> expectations, SinkRecords records, Consumer<String> progress,
                        List<Check> checks, Map<String, String> shown) {
        List<ExpectationCheck> bound = expectations.stream().map(e -> new ExpectationCheck(pipeline, e)).toList();
        for (ExpectationCheck e : bound.stream().filter(ExpectationCheck::waits).toList()) {
            progress.accept(phase + "waiting up to " + patience.text() + " for " + e.describe());
            Patience.Waited<Map<String, String>> waited = patience.poll(
                    () -> records.read(records.objects(e.keyPrefix(), e.topic())),
                    contents -> e.landed(SinkRecords.records(contents)));
            add(phase, e.evaluate(waited.value(), waited.reached() ? null : patience.text()), checks);
            shown.putAll(waited.value());
        }
        for (ExpectationCheck e : bound.stream().filter(e -> !e.waits()).toList()) {
            Map<String, String> contents = records.read(records.objects(e.keyPrefix(), e.topic()));
            add(phase, e.evaluate(contents, null), checks);
        }
    }

    private static void add(String phase, List<Check> found, List<Check> checks) {
        found.forEach(c -> checks.add(new Check(phase + c.name(), c.status(), c.detail())));
    }

    /** Runs the steps in order; false when one failed to run (the rest are not run). */
    private boolean steps(SourceAccess source, Consumer<String> progress, List<Check> checks) {
        if (declared.steps().isEmpty()) {
            return true;
        }
        try (Connection c = source.openSourceConnection()) {
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                for (Step step : declared.steps()) {
                    progress.accept("running " + step.name() + ": " + step.sql());
                    int rows;
                    try {
                        rows = s.executeUpdate(step.sql());
                    } catch (SQLException e) {
                        checks.add(Check.fail(step.name(), e.getMessage()));
                        return false;
                    }
                    checks.add(Check.of(step.rows() == null || step.rows() == rows, step.name(), rows
                            + " row(s) changed" + (step.rows() == null ? "" : ", expected " + step.rows())));
                }
            }
        } catch (SQLException e) {
            checks.add(Check.fail("connect to the source database", e.getMessage()));
            return false;
        }
        return true;
    }
}
