package io.cdclake.deploy.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The request shapes of the MSK Connect API reference (docs.aws.amazon.com/MSKC/latest/mskc/API_*.html), as far as
 * a request can be checked: JSON field names, which are required, types, enum values and length limits. Each check
 * adds one line per violation, naming the field.
 */
sealed interface Shape {

    void check(String path, JsonNode node, List<String> violations);

    record Str(int min, int max) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isTextual()) {
                violations.add(path + ": expected a string, got " + node.getNodeType());
            } else if (node.asText().length() < min || node.asText().length() > max) {
                violations.add(path + ": length " + node.asText().length() + " outside " + min + ".." + max);
            }
        }
    }

    record Int(int min, int max) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isIntegralNumber()) {
                violations.add(path + ": expected an integer, got " + node.getNodeType());
            } else if (node.asLong() < min || node.asLong() > max) {
                violations.add(path + ": " + node.asLong() + " outside " + min + ".." + max);
            }
        }
    }

    record Bool() implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isBoolean()) {
                violations.add(path + ": expected a boolean, got " + node.getNodeType());
            }
        }
    }

    record OneOf(Set<String> values) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isTextual() || !values.contains(node.asText())) {
                violations.add(path + ": '" + node.asText() + "' is not one of " + values);
            }
        }
    }

    record ListOf(Shape item, int min, int max) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isArray()) {
                violations.add(path + ": expected a list, got " + node.getNodeType());
                return;
            }
            if (node.size() < min || node.size() > max) {
                violations.add(path + ": " + node.size() + " items outside " + min + ".." + max);
            }
            for (int i = 0; i < node.size(); i++) {
                item.check(path + "[" + i + "]", node.get(i), violations);
            }
        }
    }

    /** A string-to-string map (connector configuration, tags). */
    record StringMap(int maxEntries, int maxKey, int maxValue) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isObject()) {
                violations.add(path + ": expected a map, got " + node.getNodeType());
                return;
            }
            if (node.size() > maxEntries) {
                violations.add(path + ": " + node.size() + " entries, more than " + maxEntries);
            }
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isTextual()) {
                    violations.add(path + "." + e.getKey() + ": expected a string value");
                } else if (e.getKey().isEmpty() || e.getKey().length() > maxKey || e.getValue().asText().length() > maxValue) {
                    violations.add(path + "." + e.getKey() + ": key or value too long");
                }
            });
        }
    }

    /** An object: each field declared required or optional; any other field is a violation. */
    record Obj(Map<String, Field> fields, boolean exactlyOne) implements Shape {
        public void check(String path, JsonNode node, List<String> violations) {
            if (!node.isObject()) {
                violations.add(path + ": expected an object, got " + node.getNodeType());
                return;
            }
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!fields.containsKey(name)) {
                    violations.add(path + "." + name + ": not a field of the API (fields: " + fields.keySet() + ")");
                }
            }
            fields.forEach((name, field) -> {
                JsonNode value = node.get(name);
                if (value == null || value.isNull()) {
                    if (field.required()) {
                        violations.add(path + "." + name + ": required");
                    }
                } else {
                    field.shape().check(path + "." + name, value, violations);
                }
            });
            if (exactlyOne && node.size() != 1) {
                violations.add(path + ": exactly one of " + fields.keySet() + " must be given, got " + node.size());
            }
        }
    }

    record Field(Shape shape, boolean required) {
    }

    static Field req(Shape shape) {
        return new Field(shape, true);
    }

    static Field opt(Shape shape) {
        return new Field(shape, false);
    }

    /** {@code obj("name", req(...), "other", opt(...))}. */
    static Obj obj(Object... nameThenField) {
        Map<String, Field> fields = new LinkedHashMap<>();
        for (int i = 0; i < nameThenField.length; i += 2) {
            fields.put((String) nameThenField[i], (Field) nameThenField[i + 1]);
        }
        return new Obj(fields, false);
    }

    static Obj oneOf(Object... nameThenField) {
        return new Obj(obj(nameThenField).fields(), true);
    }
}
