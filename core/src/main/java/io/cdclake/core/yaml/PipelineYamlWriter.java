package io.cdclake.core.yaml;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.cdclake.core.model.Pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Writes a pipeline as a pipeline file, with a comment beside any value (keyed by its dotted path, as in
 * {@link io.cdclake.core.validate.Problem#path()}). Jackson's YAML writer cannot emit comments, so the layout is
 * written here and Jackson only quotes the scalars. Unset values, empty mappings and empty lists are left out.
 */
public final class PipelineYamlWriter {

    private static final int INDENT = 2;

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .addModule(new SimpleModule().addSerializer(Enum.class, new EnumAsWritten()))
            .build();

    private PipelineYamlWriter() {
    }

    /**
     * @param header   comment lines for the top of the file, without their {@code #}
     * @param comments a comment per dotted path; a mapping's comment goes on the line above it
     */
    public static String write(Pipeline pipeline, List<String> header, Map<String, String> comments) {
        JsonNode tree = MAPPER.valueToTree(pipeline);
        prune(tree);
        StringBuilder out = new StringBuilder();
        header.forEach(line -> out.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        if (!header.isEmpty()) {
            out.append('\n');
        }
        mapping((ObjectNode) tree, "", 0, comments, out);
        return out.toString();
    }

    private static void mapping(ObjectNode node, String path, int depth, Map<String, String> comments, StringBuilder out) {
        String indent = " ".repeat(depth * INDENT);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            String comment = comments.get(fieldPath);
            JsonNode value = field.getValue();
            if (value.isObject()) {
                if (comment != null) {
                    comment.lines().forEach(line -> out.append(indent).append("# ").append(line).append('\n'));
                }
                out.append(indent).append(scalar(field.getKey())).append(":\n");
                mapping((ObjectNode) value, fieldPath, depth + 1, comments, out);
            } else if (holdsContainers(value)) {
                // lists of mappings (scenarios): Jackson's block style, indented under the key, without comments
                out.append(indent).append(scalar(field.getKey())).append(":\n");
                block(value).lines().forEach(line -> out.append(indent).append(" ".repeat(INDENT)).append(line)
                        .append('\n'));
            } else {
                out.append(indent).append(scalar(field.getKey())).append(": ").append(inline(value));
                if (comment != null) {
                    out.append("   # ").append(comment.replace('\n', ' '));
                }
                out.append('\n');
            }
        }
    }

    private static boolean holdsContainers(JsonNode value) {
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (item.isContainerNode()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String block(JsonNode value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scalar, or a list of scalars in flow style ({@code [a, b]}). */
    private static String inline(JsonNode value) {
        if (value.isArray()) {
            StringBuilder list = new StringBuilder("[");
            for (int i = 0; i < value.size(); i++) {
                list.append(i == 0 ? "" : ", ").append(flowScalar(value.get(i)));
            }
            return list.append(']').toString();
        }
        return value.isTextual() ? scalar(value.asText()) : value.asText();
    }

    /** Inside [...] a comma or bracket would end the item: such values are quoted. */
    private static String flowScalar(JsonNode item) {
        String text = item.isTextual() ? scalar(item.asText()) : item.asText();
        return text.matches(".*[,\\[\\]{}].*") && !text.startsWith("\"") && !text.startsWith("'")
                ? "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : text;
    }

    private static String scalar(String text) {
        try {
            return MAPPER.writeValueAsString(text).strip();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Drops nulls, empty mappings and empty lists, so the file shows only what is set; except the empty lists
     * whose emptiness means something ({@code partitionBy: []} is NOPARTITION, {@code addFields: []} adds none).
     */
    private static boolean prune(JsonNode node) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (DATA.contains(field.getKey())) {
                    continue; // expected values: a null there is expected to be null
                }
                boolean meaningful = MEANINGFUL_EMPTY.contains(field.getKey()) && field.getValue().isArray();
                if (prune(field.getValue()) && !meaningful) {
                    it.remove();
                }
            }
            return node.isEmpty();
        }
        if (node.isArray()) {
            node.forEach(PipelineYamlWriter::prune);
            return node.isEmpty();
        }
        return node.isNull();
    }

    private static final java.util.Set<String> MEANINGFUL_EMPTY = java.util.Set.of("partitionBy", "addFields");
    private static final java.util.Set<String> DATA = java.util.Set.of("first", "last", "values");

    /** Enum values as pipeline files write them (AWS API values upper case, the rest lower case). */
    private static final class EnumAsWritten extends JsonSerializer<Enum> {
        @Override
        public void serialize(Enum value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(ShapeChecker.display(value));
        }
    }
}
