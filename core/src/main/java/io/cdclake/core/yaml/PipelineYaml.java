package io.cdclake.core.yaml;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Source;
import io.cdclake.core.validate.InvalidPipelineException;
import io.cdclake.core.validate.PipelineValidator;
import io.cdclake.core.validate.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads pipeline files. What comes back is valid: otherwise an {@link InvalidPipelineException} lists every
 * problem at once: YAML syntax, unknown keys (with a "did you mean"), values of the wrong type, and everything
 * {@link PipelineValidator} finds.
 */
public final class PipelineYaml {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            // an enum with a spelling of its own (lenses-9) is read by it; the others' toString is their name
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            // unknown keys were already reported, all of them, by the shape check
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private PipelineYaml() {
    }

    /**
     * Reads and validates a pipeline file. The paths of {@code source.init.scripts} come back resolved against the
     * file's directory, and each must be a readable file.
     */
    public static Pipeline read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("pipeline file " + file + " does not exist; pass an existing file with"
                    + " --pipeline, e.g. pipelines/northwind-orders.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException("reading pipeline file " + file, e);
        }
        return withScriptsOf(parse(text, file.toString()), file);
    }

    private static Pipeline withScriptsOf(Pipeline pipeline, Path file) {
        Source.Init init = pipeline.source().init();
        if (init == null || init.scripts().isEmpty()) {
            return pipeline;
        }
        Path dir = file.toAbsolutePath().getParent();
        List<String> resolved = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int i = 0; i < init.scripts().size(); i++) {
            Path script = dir.resolve(init.scripts().get(i)).normalize();
            if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
                problems.add(new Problem("source.init.scripts[" + i + "]", init.scripts().get(i),
                        "is not a readable file (looked for " + script + ")",
                        "give the SQL file's path relative to the pipeline file's directory"));
            }
            resolved.add(script.toString());
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(file.toString(), problems);
        }
        return pipeline.toBuilder().source(pipeline.source().toBuilder()
                .init(new Source.Init(resolved, init.northwind(), init.roles())).build()).build();
    }

    /**
     * Parses and validates a pipeline from YAML text.
     *
     * @param source what the text is (a file name), for the error message
     */
    public static Pipeline parse(String yaml, String source) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(yaml);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            String message = e.getOriginalMessage().lines().findFirst().orElse("not YAML");
            throw new InvalidPipelineException(source, List.of(new Problem("(file)", null, where + message,
                    message.startsWith("Duplicate field") ? "keep only one of the two"
                            : "fix the YAML syntax there (indentation, a missing ':' or an unclosed quote)")));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new InvalidPipelineException(source, List.of(new Problem("(file)", null, "is empty",
                    "declare a pipeline: name, source, debezium, sink and environments")));
        }
        ShapeChecker shape = new ShapeChecker();
        shape.check(tree, Pipeline.class, "");
        List<Problem> problems = new ArrayList<>(shape.problems());
        if (!tree.isObject()) {
            throw new InvalidPipelineException(source, problems);
        }
        Pipeline pipeline;
        try {
            pipeline = MAPPER.treeToValue(tree, Pipeline.class);
        } catch (JacksonException e) {
            // the shape check removed what cannot bind; reaching this is a bug in it, reported as such
            throw new IllegalStateException("binding " + source + " after its shape check: " + e.getOriginalMessage(), e);
        }
        for (Problem p : PipelineValidator.validate(pipeline)) {
            if (!coveredBy(p, problems) && !shape.suggestedPaths().contains(p.path())) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPipelineException(source, problems);
        }
        return pipeline;
    }

    /** A value the shape check already rejected (removed) must not be reported again as missing. */
    private static boolean coveredBy(Problem p, List<Problem> earlier) {
        return earlier.stream().anyMatch(e -> p.path().equals(e.path()) || p.path().startsWith(e.path() + ".")
                || p.path().startsWith(e.path() + "["));
    }
}
