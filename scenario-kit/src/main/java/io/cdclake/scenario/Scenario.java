package io.cdclake.scenario;

import io.cdclake.core.target.SinkReader;
import io.cdclake.core.target.SourceAccess;

import java.util.function.Consumer;

/** A check of a running pipeline, judged by what lands in its sink: the snapshot check, or a declared scenario. */
public interface Scenario {

    /** {@code snapshot}, or the name the pipeline file gives. */
    String name();

    /** One line on what it shows. */
    String description();

    /**
     * Runs against a pipeline that is applied and running. Failures are reported as FAIL checks, not thrown; an
     * exception means the sink or the database could not be reached.
     *
     * @param progress receives one line per phase (what is being done or waited for)
     */
    ScenarioResult run(SinkReader sink, SourceAccess source, Consumer<String> progress);
}
