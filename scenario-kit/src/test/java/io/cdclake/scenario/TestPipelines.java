package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The reference pipeline with the scenarios a test declares instead of its own (so no test depends on its data). */
final class TestPipelines {

    private static final String REFERENCE = reference();

    private TestPipelines() {
    }

    /** @param scenarios the {@code scenarios:} block, or "" for none */
    static Pipeline withScenarios(String scenarios) {
        return PipelineYaml.parse(REFERENCE + scenarios, "test pipeline");
    }

    private static String reference() {
        try {
            String text = Files.readString(Path.of("../pipelines/northwind-orders.yaml"));
            int scenarios = text.indexOf("\nscenarios:");
            return scenarios < 0 ? text : text.substring(0, scenarios + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
