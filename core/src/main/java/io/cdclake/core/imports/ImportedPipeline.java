package io.cdclake.core.imports;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYamlWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pipeline made from connector files, with where each value came from and what was left out.
 *
 * @param files    the files' names, in the order given
 * @param comments a comment per dotted path of the pipeline file (which file and key a value came from)
 * @param unmapped the settings the pipeline does not carry, each with its reason
 */
public record ImportedPipeline(Pipeline pipeline, List<String> files, Map<String, String> comments,
                               List<Unmapped> unmapped) {

    public ImportedPipeline {
        files = List.copyOf(files);
        comments = Map.copyOf(comments);
        unmapped = List.copyOf(unmapped);
    }

    /** The pipeline file: a header saying how it was made and what was left out, then the pipeline, commented. */
    public String yaml() {
        List<String> header = new ArrayList<>();
        header.add("Pipeline " + pipeline.name() + ", imported from " + String.join(" and ", files)
                + " (./cdclake init --from).");
        header.add("The comment beside a value names the file and key it came from. Values in <angle brackets> are");
        header.add("placeholders: validate accepts them, deploy refuses them until you replace them.");
        header.add("");
        header.add("  ./cdclake validate --pipeline <this file>");
        header.add("  ./cdclake up       --pipeline <this file>");
        if (!unmapped.isEmpty()) {
            header.add("");
            header.add("Not imported (" + unmapped.size() + (unmapped.size() == 1 ? " setting" : " settings") + "):");
            unmapped.forEach(u -> header.add("  " + u));
        }
        return PipelineYamlWriter.write(pipeline, header, comments);
    }
}
