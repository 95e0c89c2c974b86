package io.cdclake.cli;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --pipeline}: the pipeline file; the reference pipeline of the checkout by default. */
final class PipelineOption {

    @Option(names = "--pipeline", paramLabel = "FILE",
            description = "The pipeline file (default: ${DEFAULT-VALUE}).",
            defaultValue = "${sys:cdclake.home:-.}/pipelines/northwind-orders.yaml")
    Path file;

    Pipeline read() {
        return PipelineYaml.read(file);
    }
}
