package io.cdclake.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Scenario.Expectation;
import io.cdclake.core.model.Scenario.Sequence;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One expectation of a scenario, bound to where its records are ({@code <sink prefix>/<path>} and its topic),
 * judged on the records found there: their count, the first and last record's fields, and fields across records.
 */
final class ExpectationCheck {

    private final Expectation expectation;
    private final String topic;
    private final String keyPrefix;
    private final String label;

    ExpectationCheck(Pipeline pipeline, Expectation expectation) {
        this.expectation = expectation;
        this.topic = SinkRecords.topicOf(pipeline, expectation.topic());
        this.keyPrefix = SinkRecords.prefixOf(pipeline, topic) + expectation.normalizedPath();
        this.label = keyPrefix + (pipeline.topics().size() > 1 ? " (" + topic + ")" : "");
    }

    String topic() {
        return topic;
    }

    String keyPrefix() {
        return keyPrefix;
    }

    /** False for "no record at the path": absence cannot be waited for, only checked once the rest has landed. */
    boolean waits() {
        return !Integer.valueOf(0).equals(expectation.records());
    }

    /** What a wait for this expectation looks for, for progress lines. */
    String describe() {
        return count() + " under " + label;
    }

    /** Enough records have landed to judge (the count, exact or minimum, is reached). */
    boolean landed(List<JsonNode> records) {
        return records.size() >= (expectation.records() != null ? expectation.records() : expectation.recordsAtLeast());
    }

    /**
     * The checks, in the order a reader looks: count, first record, last record, sequences.
     *
     * @param objects the objects the records came from
     * @param waited  null when the records were reached, else how long was waited in vain
     */
    List<Check> evaluate(Map<String, String> objects, String waited) {
        List<JsonNode> records = SinkRecords.records(objects);
        List<Check> checks = new ArrayList<>();
        Integer exact = expectation.records();
        boolean countOk = exact != null ? records.size() == exact : records.size() >= expectation.recordsAtLeast();
        checks.add(Check.of(countOk, count() + " under " + label, records.size() + " record(s) in " + objects.size()
                + " object(s)" + (waited == null ? "" : " after waiting " + waited)));
        if (!records.isEmpty()) {
            fields(checks, "first record", records.get(0), expectation.first());
            fields(checks, "last record", records.get(records.size() - 1), expectation.last());
        } else {
            expectation.first().keySet().forEach(f -> checks.add(Check.fail("first record's " + f + " under " + label,
                    "no record")));
            expectation.last().keySet().forEach(f -> checks.add(Check.fail("last record's " + f + " under " + label,
                    "no record")));
        }
        for (Sequence s : expectation.sequence()) {
            checks.add(sequence(s, records));
        }
        return checks;
    }

    private String count() {
        Integer exact = expectation.records();
        return exact == null ? "at least " + expectation.recordsAtLeast() + " record(s)"
                : exact == 0 ? "no record" : exact + " record(s)";
    }

    private void fields(List<Check> checks, String which, JsonNode record, Map<String, JsonNode> expected) {
        expected.forEach((field, value) -> {
            JsonNode actual = FieldValues.field(record, field);
            checks.add(Check.of(FieldValues.matches(value, actual), which + "'s " + field + " under " + label,
                    FieldValues.show(actual) + ", expected " + value));
        });
    }

    private Check sequence(Sequence s, List<JsonNode> records) {
        boolean sizes = s.sizes() != null;
        List<JsonNode> expected = sizes ? s.sizes() : s.values();
        List<String> seen = new ArrayList<>();
        boolean ok = records.size() == expected.size();
        for (int i = 0; i < records.size(); i++) {
            JsonNode value = FieldValues.field(records.get(i), s.field());
            JsonNode shown = value == null || !sizes ? value : FieldValues.size(value);
            seen.add(value != null && sizes && shown == null ? "not an array" : FieldValues.show(shown));
            ok &= i < expected.size() && FieldValues.matches(expected.get(i), shown);
        }
        String wanted = expected.stream().map(JsonNode::toString).collect(Collectors.joining(", "));
        return Check.of(ok, s.field() + (sizes ? " sizes" : "") + " across the records under " + label,
                (seen.isEmpty() ? "no record" : String.join(", ", seen)) + "; expected " + wanted);
    }
}
