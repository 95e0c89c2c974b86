package io.cdclake.core.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.Target;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A scenario judged by what lands in the sink: it times the run, refuses a partitioning its checks cannot read,
 * and turns the checks its steps add into a {@link ScenarioResult}.
 */
abstract class SinkScenario implements Scenario {

    private final String name;
    final SinkLayout layout;

    /** @param timeout how long to wait for records; null: two flush intervals of the environment plus 30 s */
    SinkScenario(String name, Pipeline pipeline, String environment, Duration timeout) {
        this.name = name;
        this.layout = new SinkLayout(pipeline, environment, timeout);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ScenarioResult run(Target target, Consumer<String> progress) {
        long start = System.nanoTime();
        List<Check> checks = new ArrayList<>();
        Map<String, String> shown = Map.of();
        String unsupported = layout.unsupported();
        if (unsupported != null) {
            checks.add(Check.fail("partitioning", unsupported));
        } else {
            shown = check(target, progress, checks);
        }
        return new ScenarioResult(name, checks, Duration.ofNanos(System.nanoTime() - start), shown);
    }

    /**
     * Runs the steps, adding one check per thing a user would look at; a step that cannot go on adds a FAIL
     * check and returns early.
     *
     * @return the objects to show with the result, key to content (empty for none)
     */
    abstract Map<String, String> check(Target target, Consumer<String> progress, List<Check> checks);
}
