package io.cdclake.core.scenario;

import io.cdclake.core.target.Target;

import java.util.function.Consumer;

/** One of the article's walk-through steps, run against any {@link Target} and judged by named checks. */
public interface Scenario {

    /** {@code snapshot}, {@code order-update} or {@code order-insert}. */
    String name();

    /**
     * Runs the scenario against a target whose pipeline is applied and running. Failures are reported as FAIL
     * checks, not thrown; an exception means the target itself broke.
     *
     * @param progress receives one line per phase (what is being done or waited for)
     */
    ScenarioResult run(Target target, Consumer<String> progress);

    default ScenarioResult run(Target target) {
        return run(target, line -> { });
    }
}
