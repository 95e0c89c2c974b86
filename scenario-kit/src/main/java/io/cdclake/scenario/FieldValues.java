package io.cdclake.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * A record's fields as a scenario compares them with the values its file gives: numbers by value (10392 and
 * 10392.0 agree), everything else by its text, null only with null.
 */
final class FieldValues {

    private FieldValues() {
    }

    /** The value of a dotted field name ({@code customer.city}); null when the record has no such field. */
    static JsonNode field(JsonNode record, String dotted) {
        JsonNode node = record;
        for (String part : dotted.split("\\.")) {
            node = parsed(node);
            if (node == null || !node.isObject() || !node.has(part)) {
                return null;
            }
            node = node.get(part);
        }
        return node;
    }

    static boolean matches(JsonNode expected, JsonNode actual) {
        if (actual == null) {
            return false;
        }
        if (expected.isNull() || actual.isNull()) {
            return expected.isNull() && actual.isNull();
        }
        if (expected.isNumber() && actual.isNumber()) {
            return expected.decimalValue().compareTo(actual.decimalValue()) == 0;
        }
        return actual.isValueNode() && expected.asText().equals(actual.asText());
    }

    /**
     * The size of the array a present field holds, as a node: null (JSON) for a null field, else the size; a
     * jsonb column may arrive as JSON text. Null (Java) when the value is not an array.
     */
    static JsonNode size(JsonNode value) {
        if (value.isNull()) {
            return NullNode.getInstance();
        }
        JsonNode array = parsed(value);
        return array != null && array.isArray() ? IntNode.valueOf(array.size()) : null;
    }

    /** How a value is shown in a check's detail: as JSON, {@code missing} for an absent field. */
    static String show(JsonNode value) {
        return value == null ? "missing" : value.toString();
    }

    /** JSON text (a json/jsonb column Debezium sends as a string) parsed; other values as they are. */
    private static JsonNode parsed(JsonNode node) {
        if (node != null && node.isTextual()) {
            String text = node.asText().trim();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return SinkRecords.JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    return node;
                }
            }
        }
        return node;
    }
}
