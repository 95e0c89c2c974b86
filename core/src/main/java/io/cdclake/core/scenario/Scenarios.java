package io.cdclake.core.scenario;

import io.cdclake.core.model.Pipeline;

import java.util.List;

/** The scenarios by name, as commands and tests ask for them. */
public final class Scenarios {

    /** In the order the article runs them. */
    public static final List<String> NAMES = List.of(SnapshotScenario.NAME, OrderUpdateScenario.NAME, OrderInsertScenario.NAME);

    private Scenarios() {
    }

    /** The named scenario for {@code environment} of {@code pipeline} (the snapshot expects scale 1's 829 events). */
    public static Scenario create(String name, Pipeline pipeline, String environment) {
        return switch (name) {
            case SnapshotScenario.NAME -> new SnapshotScenario(pipeline, environment);
            case OrderUpdateScenario.NAME -> new OrderUpdateScenario(pipeline, environment);
            case OrderInsertScenario.NAME -> new OrderInsertScenario(pipeline, environment);
            default -> throw new IllegalArgumentException("no scenario '" + name + "'; the scenarios are "
                    + String.join(", ", NAMES));
        };
    }
}
