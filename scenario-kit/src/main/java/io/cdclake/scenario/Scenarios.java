package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The scenarios of a pipeline by name: the snapshot check first, then those its file declares, in file order. */
public final class Scenarios {

    private Scenarios() {
    }

    /** {@code snapshot}, then the declared names. */
    public static List<String> names(Pipeline pipeline) {
        List<String> names = new ArrayList<>(List.of(SnapshotCheck.NAME));
        pipeline.scenarios().forEach(s -> names.add(s.name()));
        return names;
    }

    /** Every scenario of {@code pipeline} for {@code environment}, in the order {@link #names} gives. */
    public static List<Scenario> all(Pipeline pipeline, String environment) {
        return names(pipeline).stream().map(n -> create(n, pipeline, environment)).toList();
    }

    /**
     * The named scenario, waiting for records as long as the environment's flush interval needs.
     *
     * @throws UnknownScenarioException when the pipeline declares none of that name
     */
    public static Scenario create(String name, Pipeline pipeline, String environment) {
        return create(name, pipeline, environment, null);
    }

    /** As {@link #create(String, Pipeline, String)}, waiting at most {@code timeout} for records (null: as there). */
    public static Scenario create(String name, Pipeline pipeline, String environment, Duration timeout) {
        if (SnapshotCheck.NAME.equals(name)) {
            return new SnapshotCheck(pipeline, environment, timeout);
        }
        return pipeline.scenarios().stream().filter(s -> s.name().equals(name)).findFirst()
                .<Scenario>map(s -> new DeclaredScenario(s, pipeline, environment, timeout))
                .orElseThrow(() -> new UnknownScenarioException(name, pipeline, names(pipeline)));
    }

    /** A name the pipeline does not declare; the message lists those it does. */
    public static final class UnknownScenarioException extends IllegalArgumentException {
        UnknownScenarioException(String name, Pipeline pipeline, List<String> names) {
            super("no scenario '" + name + "' in pipeline " + pipeline.name() + "; its scenarios are "
                    + String.join(", ", names));
        }
    }
}
