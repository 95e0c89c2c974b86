package io.cdclake.core.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.core.validate.DidYouMean;
import io.cdclake.core.validate.Problem;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a YAML tree against the model's records before Jackson binds it, so that every unknown key and every
 * value of the wrong type is reported at once (Jackson stops at the first). What is wrong is removed from the
 * tree, so binding then succeeds and the semantic checks still run on the rest.
 */
final class ShapeChecker {

    private final List<Problem> problems = new ArrayList<>();
    /** Paths an unknown key was probably meant as: a "missing" there would repeat what was already said. */
    private final Set<String> suggestedPaths = new HashSet<>();

    List<Problem> problems() {
        return problems;
    }

    Set<String> suggestedPaths() {
        return suggestedPaths;
    }

    /** Checks {@code node} against {@code type}; false when it is unusable and must be removed. */
    boolean check(JsonNode node, Type type, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return true;
        }
        Class<?> raw = raw(type);
        if (raw.isRecord()) {
            return checkRecord(node, raw, path);
        }
        if (List.class.isAssignableFrom(raw)) {
            return checkList(node, ((ParameterizedType) type).getActualTypeArguments()[0], path);
        }
        if (Map.class.isAssignableFrom(raw)) {
            return checkMap(node, ((ParameterizedType) type).getActualTypeArguments()[1], path);
        }
        if (raw.isEnum()) {
            return checkEnum(node, raw, path);
        }
        if (raw == String.class) {
            return expect(node.isValueNode(), node, path, "expected a single value, found " + describe(node),
                    "write one value (quote it if it contains ': ' or starts with a special character)");
        }
        if (raw == Integer.class || raw == Long.class) {
            return checkWholeNumber(node, raw == Integer.class, path);
        }
        if (raw == JsonNode.class) {
            // an expected value of a scenario: any single value, typed as YAML typed it
            return expect(node.isValueNode(), node, path, "expected a single value, found " + describe(node),
                    "write one value: a number, a string, true, false or null");
        }
        if (raw == Boolean.class) {
            boolean ok = node.isBoolean() || node.isTextual()
                    && ("true".equalsIgnoreCase(node.asText()) || "false".equalsIgnoreCase(node.asText()));
            return expect(ok, node, path, "expected true or false", "write true or false");
        }
        throw new IllegalStateException("no shape rule for " + type);
    }

    private boolean checkRecord(JsonNode node, Class<?> record, String path) {
        RecordComponent[] components = record.getRecordComponents();
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        if (!node.isObject()) {
            problems.add(new Problem(path(path), scalar(node), "expected a mapping with the keys "
                    + String.join(", ", names) + ", found " + describe(node),
                    "write it as a mapping of those keys (key: value, one per line)"));
            return false;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            String fieldPath = join(path, key);
            Optional<RecordComponent> component = Arrays.stream(components).filter(c -> c.getName().equals(key)).findFirst();
            if (component.isEmpty()) {
                Optional<String> guess = DidYouMean.closest(key, names);
                guess.ifPresent(g -> suggestedPaths.add(join(path, g)));
                problems.add(new Problem(fieldPath, null, "unknown key '" + key + "'"
                        + guess.map(g -> " (did you mean '" + g + "'?)").orElse(""),
                        guess.map(g -> "rename it to '" + g + "'")
                                .orElse("remove it; the keys here are " + String.join(", ", names))));
                it.remove();
            } else if (!check(field.getValue(), component.get().getGenericType(), fieldPath)) {
                it.remove();
            }
        }
        return true;
    }

    private boolean checkList(JsonNode node, Type element, String path) {
        if (!node.isArray()) {
            problems.add(new Problem(path(path), scalar(node), "expected a list, found " + describe(node),
                    "write a list, e.g. [" + (node.isValueNode() ? node.asText() : "a, b") + "]"));
            return false;
        }
        ArrayNode array = (ArrayNode) node;
        for (int i = array.size() - 1; i >= 0; i--) {
            JsonNode item = array.get(i);
            if (item.isNull() && element != JsonNode.class) {
                problems.add(new Problem(path + "[" + i + "]", null, "empty list entry", "remove it or give it a value"));
                array.remove(i);
            } else if (!check(item, element, path + "[" + i + "]")) {
                array.remove(i);
            }
        }
        return true;
    }

    private boolean checkMap(JsonNode node, Type value, String path) {
        if (!node.isObject()) {
            problems.add(new Problem(path(path), scalar(node), "expected a mapping, found " + describe(node),
                    "write it as key: value lines"));
            return false;
        }
        ObjectNode object = (ObjectNode) node;
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode v = entry.getValue();
            if (raw(value) == String.class && v.isValueNode() && !v.isNull()) {
                // worker properties and tags are strings however YAML typed them (true, 5, 1.5)
                entry.setValue(JsonNodeFactory.instance.textNode(v.asText()));
            } else if (v.isNull() && raw(value) == String.class) {
                problems.add(new Problem(join(path, entry.getKey()), null, "no value", "give it a value or remove the key"));
                it.remove();
            } else if (!check(v, value, join(path, entry.getKey()))) {
                it.remove();
            }
        }
        return true;
    }

    private boolean checkEnum(JsonNode node, Class<?> enumType, String path) {
        List<String> allowed = Arrays.stream(enumType.getEnumConstants()).map(e -> display((Enum<?>) e)).toList();
        String given = node.isValueNode() ? node.asText() : null;
        if (given != null && allowed.stream().anyMatch(a -> a.equalsIgnoreCase(given))) {
            return true;
        }
        String shown = String.join(", ", allowed);
        Optional<String> guess = given == null ? Optional.empty() : DidYouMean.closest(given, allowed);
        problems.add(new Problem(path, given == null ? describe(node) : given,
                "not one of " + shown + guess.map(g -> " (did you mean '" + g + "'?)").orElse(""),
                "use one of " + shown));
        return false;
    }

    private boolean checkWholeNumber(JsonNode node, boolean isInt, String path) {
        BigInteger value = null;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else if (node.isTextual()) {
            try {
                value = new BigInteger(node.asText().trim());
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            problems.add(new Problem(path, scalar(node), "expected a whole number, found " + describe(node),
                    "write a whole number without quotes or units"));
            return false;
        }
        BigInteger max = BigInteger.valueOf(isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
        BigInteger min = BigInteger.valueOf(isInt ? Integer.MIN_VALUE : Long.MIN_VALUE);
        return expect(value.compareTo(max) <= 0 && value.compareTo(min) >= 0, node, path,
                "the number is too large", "use a value up to " + max);
    }

    private boolean expect(boolean ok, JsonNode node, String path, String message, String fix) {
        if (!ok) {
            problems.add(new Problem(path, scalar(node), message, fix));
        }
        return ok;
    }

    /**
     * An enum constant as a pipeline file writes it: its own spelling where it has one ({@code toString}, e.g.
     * {@code lenses-9}), AWS API values upper case, the rest lower case.
     */
    static String display(Enum<?> constant) {
        if (!constant.toString().equals(constant.name())) {
            return constant.toString();
        }
        String type = constant.getDeclaringClass().getSimpleName();
        return type.equals("ClientAuthentication") || type.equals("EncryptionInTransit")
                ? constant.name() : constant.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return "the boolean " + node.asText();
        }
        return "'" + node.asText() + "'";
    }

    private static String scalar(JsonNode node) {
        return node.isValueNode() ? node.asText() : null;
    }

    private static String path(String path) {
        return path.isEmpty() ? "(top level)" : path;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static Class<?> raw(Type type) {
        return type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
    }
}
