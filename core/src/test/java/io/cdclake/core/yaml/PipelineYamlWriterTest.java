package io.cdclake.core.yaml;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PipelineYamlWriterTest {

    private static final Pipeline REFERENCE = PipelineYaml.read(Path.of("../pipelines/northwind-orders.yaml"));

    @Test
    void theReferencePipelineReadsBackAsWritten() {
        String yaml = PipelineYamlWriter.write(REFERENCE, List.of(), Map.of());

        assertThat(PipelineYaml.parse(yaml, "written")).isEqualTo(REFERENCE);
        assertThat(yaml).contains("scenarios:\n  - name: order-update\n");
        // scenarios hold nulls of their own (a field expected to be null); the rest shows only what is set
        String settings = yaml.substring(0, yaml.indexOf("scenarios:"));
        assertThat(settings).contains("  storeAs: json\n", "        clientAuthentication: IAM\n")
                .doesNotContain("null", "{}", "[]");
    }

    @Test
    void valuesYamlWouldReadAsSomethingElseAreQuotedAndReadBackTheSame() {
        // no scenarios: their paths would have to follow the odd PARTITIONBY
        Pipeline odd = REFERENCE.toBuilder().scenarios(List.of()).description("yes: #1, [a] {b} 'c' \"d\"")
                .sink(REFERENCE.sink().toBuilder().prefix("007").partitionBy(List.of("true", "null")).build())
                .build();

        Pipeline back = PipelineYaml.parse(PipelineYamlWriter.write(odd, List.of(), Map.of()), "written");

        assertThat(back.description()).isEqualTo(odd.description());
        assertThat(back.sink().prefix()).isEqualTo("007");
        assertThat(back.sink().partitionBy()).containsExactly("true", "null");
    }

    @Test
    void commentsGoBesideValuesAndAboveMappingsAndTheHeaderOnTop() {
        String yaml = PipelineYamlWriter.write(REFERENCE, List.of("made by a test", "", "second line"),
                Map.of("sink.bucket", "from the sink file", "source.publication", "must exist\non the server"));

        assertThat(yaml).startsWith("# made by a test\n#\n# second line\n\nname: northwind-orders\n")
                .contains("  bucket: data-lake-demo-cevo   # from the sink file\n")
                .contains("  # must exist\n  # on the server\n  publication:\n    name: cdc_publication\n");
        assertThat(PipelineYaml.parse(yaml, "written").sink().connectorClass()).isEqualTo(Sink.BUILT_IN_CONNECTOR);
    }
}
