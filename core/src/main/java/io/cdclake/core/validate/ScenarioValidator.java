package io.cdclake.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Scenario;
import io.cdclake.core.model.Scenario.Expectation;
import io.cdclake.core.model.Scenario.Sequence;
import io.cdclake.core.model.Sink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the pipeline's {@code scenarios}: names, steps, and that every expectation can be met by this pipeline
 * (its topic exists, its path follows the sink's PARTITIONBY, its counts agree with each other).
 */
final class ScenarioValidator {

    /** The built-in check every pipeline has (every captured table's rows landed); no declared scenario may take it. */
    static final String SNAPSHOT = "snapshot";

    private final Problems problems;
    private final Pipeline pipeline;

    private ScenarioValidator(Problems problems, Pipeline pipeline) {
        this.problems = problems;
        this.pipeline = pipeline;
    }

    static void validate(Pipeline pipeline, Problems problems) {
        ScenarioValidator v = new ScenarioValidator(problems, pipeline);
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < pipeline.scenarios().size(); i++) {
            v.scenario("scenarios[" + i + "]", pipeline.scenarios().get(i), i, names);
        }
    }

    private void scenario(String path, Scenario s, int index, Map<String, Integer> names) {
        if (s.name() == null || s.name().isBlank()) {
            problems.add(path + ".name", null, "missing", "name the scenario, e.g. name: order-update");
        } else if (!Rules.PIPELINE_NAME.matcher(s.name()).matches()) {
            problems.add(path + ".name", s.name(), "is not a valid scenario name",
                    "use 1 to 63 lower-case letters, digits and hyphens, e.g. order-update");
        } else if (SNAPSHOT.equals(s.name())) {
            problems.add(path + ".name", s.name(), "is the name of the built-in snapshot check",
                    "choose another name");
        } else if (names.putIfAbsent(s.name(), index) != null) {
            problems.add(path + ".name", s.name(), "is the name of scenarios[" + names.get(s.name()) + "] too",
                    "give each scenario its own name");
        }
        for (int j = 0; j < s.steps().size(); j++) {
            Scenario.Step step = s.steps().get(j);
            String at = path + ".steps[" + j + "]";
            if (step.name() == null || step.name().isBlank()) {
                problems.add(at + ".name", null, "missing", "say what the step does, e.g. name: ship order 11077");
            }
            if (step.sql() == null || step.sql().isBlank()) {
                problems.add(at + ".sql", null, "missing", "write the SQL statement the step runs, e.g."
                        + " sql: UPDATE orders SET shipped_date = '1998-06-15'::date WHERE order_id = 11077;");
            }
            if (step.rows() != null && step.rows() < 0) {
                problems.add(at + ".rows", step.rows(), "must be 0 or more",
                        "give the rows the statement changes, or remove rows to accept any number");
            }
        }
        if (s.expect().isEmpty()) {
            problems.add(path + ".expect", null, "missing or empty", "say what must land in S3 after the steps, e.g."
                    + " expect: [{path: 'customer_id=RATTC/order_id=11077/', records: 2}]");
        }
        expectations(path + ".before", s.before());
        expectations(path + ".expect", s.expect());
    }

    private void expectations(String path, List<Expectation> list) {
        for (int k = 0; k < list.size(); k++) {
            expectation(path + "[" + k + "]", list.get(k));
        }
    }

    private void expectation(String path, Expectation e) {
        topic(path + ".topic", e.topic());
        if (e.path() != null) {
            partitionPath(path + ".path", e.path(), e.topic());
        }
        Integer records = e.records();
        Integer atLeast = e.recordsAtLeast();
        if (records == null && atLeast == null) {
            problems.add(path + ".records", null, "missing",
                    "say how many records: records: N (exactly N; 0 for none) or recordsAtLeast: N");
        } else if (records != null && atLeast != null) {
            problems.add(path + ".recordsAtLeast", atLeast, "is given together with records",
                    "keep one: records for an exact count, recordsAtLeast for a minimum");
        } else if (records != null && records < 0) {
            problems.add(path + ".records", records, "must be 0 or more", "give the exact number of records");
        } else if (atLeast != null && atLeast < 1) {
            problems.add(path + ".recordsAtLeast", atLeast, "must be at least 1",
                    "give the minimum number of records; for no record at the path write records: 0");
        }
        if (records != null && records == 0) {
            for (String key : List.of("first", "last", "sequence")) {
                boolean given = key.equals("first") ? !e.first().isEmpty()
                        : key.equals("last") ? !e.last().isEmpty() : !e.sequence().isEmpty();
                if (given) {
                    problems.add(path + "." + key, null, "cannot hold when records is 0",
                            "remove " + key + ", or expect records");
                }
            }
        }
        fields(path + ".first", e.first());
        fields(path + ".last", e.last());
        for (int m = 0; m < e.sequence().size(); m++) {
            sequence(path + ".sequence[" + m + "]", e.sequence().get(m), records, atLeast);
        }
    }

    private void topic(String path, String topic) {
        List<String> topics = pipeline.source() == null || pipeline.debezium() == null ? List.of() : pipeline.topics();
        if (topics.isEmpty()) {
            return; // the source's own problems say why there is no topic
        }
        if (topic == null) {
            if (topics.size() > 1) {
                problems.add(path, null, "missing; the pipeline has " + topics.size() + " topics",
                        "name the topic whose records are meant: one of " + String.join(", ", topics));
            }
        } else if (!topics.contains(topic)) {
            problems.add(path, topic, "is not a topic of this pipeline"
                            + DidYouMean.closest(topic, topics).map(g -> " (did you mean '" + g + "'?)").orElse(""),
                    "use one of " + String.join(", ", topics));
        }
    }

    /** The path's segments are {@code field=value} in the topic's PARTITIONBY order, below the topic's prefix. */
    private void partitionPath(String path, String value, String topic) {
        Sink.Statement statement = statementOf(topic);
        String prefix = statement == null ? null : statement.prefix();
        if (value.startsWith("/") || value.contains("//") || value.matches("(.*/)?\\.\\.?(/.*)?")) {
            problems.add(path, value, "is not a relative key path", "write field=value segments separated by '/',"
                    + " without a leading '/', e.g. customer_id=RATTC/order_id=11077/");
            return;
        }
        if (prefix != null && (value.equals(prefix) || value.startsWith(prefix + "/"))) {
            problems.add(path, value, "starts with the sink prefix '" + prefix + "'",
                    "remove '" + prefix + "/': the path is relative to the sink prefix");
            return;
        }
        List<String> fields = statement == null ? List.of() : statement.partitionBy();
        if (value.isEmpty()) {
            return;
        }
        if (statement != null && fields.isEmpty()) {
            problems.add(path, value, "names a partition, but " + statement.topic() + " is written with NOPARTITION",
                    "remove path: the expectation then covers every record of the topic");
            return;
        }
        if (fields.isEmpty()) {
            return;
        }
        String[] segments = value.split("/");
        if (segments.length > fields.size()) {
            problems.add(path, value, "has " + segments.length + " segments; the sink partitions by "
                    + fields.size() + " field(s): " + String.join(",", fields),
                    "write at most one field=value segment per PARTITIONBY field, in that order");
            return;
        }
        for (int i = 0; i < segments.length; i++) {
            int eq = segments[i].indexOf('=');
            String field = eq < 0 ? segments[i] : segments[i].substring(0, eq);
            if (eq <= 0 || !field.equals(fields.get(i))) {
                problems.add(path, value, "segment '" + segments[i] + "' is not " + fields.get(i) + "=<value>; the"
                                + " sink partitions by " + String.join(",", fields),
                        "write the segments in PARTITIONBY order, e.g. " + example(fields));
                return;
            }
        }
    }

    /** The statement of the expectation's topic (the only topic when it names none); null when unknown. */
    private Sink.Statement statementOf(String topic) {
        if (pipeline.sink() == null || pipeline.source() == null || pipeline.debezium() == null) {
            return null;
        }
        List<String> topics = pipeline.topics();
        String t = topic != null ? topic : topics.size() == 1 ? topics.get(0) : null;
        return t == null || !topics.contains(t) ? null : pipeline.sink().statementFor(t);
    }

    private static String example(List<String> fields) {
        StringBuilder s = new StringBuilder();
        fields.forEach(f -> s.append(f).append("=<value>/"));
        return s.toString();
    }

    private void fields(String path, Map<String, JsonNode> fields) {
        fields.keySet().forEach(field -> {
            if (!Rules.FIELD_NAME.matcher(field).matches()) {
                problems.add(path + "." + field, field, "is not a field name",
                        "use a record field name such as shipped_date (dots reach into nested objects)");
            }
        });
    }

    private void sequence(String path, Sequence s, Integer records, Integer atLeast) {
        if (s.field() == null || s.field().isBlank()) {
            problems.add(path + ".field", null, "missing", "name the field, e.g. field: order_items");
        } else if (!Rules.FIELD_NAME.matcher(s.field()).matches()) {
            problems.add(path + ".field", s.field(), "is not a field name", "use a record field name such as order_items");
        }
        if ((s.values() == null) == (s.sizes() == null)) {
            problems.add(path + ".values", null, s.values() == null ? "missing" : "is given together with sizes",
                    "give either values (the field's value per record) or sizes (its array size per record)");
            return;
        }
        List<JsonNode> entries = s.values() != null ? s.values() : s.sizes();
        String key = s.values() != null ? "values" : "sizes";
        if (entries.isEmpty()) {
            problems.add(path + "." + key, null, "is empty", "give one entry per record, in record order");
        } else if (records != null && records > 0 && entries.size() != records) {
            problems.add(path + "." + key, entries.size() + " entries", "does not match records (" + records + ")",
                    "give one entry per record, in record order");
        } else if (atLeast != null && entries.size() < atLeast) {
            problems.add(path + "." + key, entries.size() + " entries", "is shorter than recordsAtLeast (" + atLeast + ")",
                    "give one entry per record, in record order");
        }
        if (s.sizes() != null) {
            for (int i = 0; i < entries.size(); i++) {
                JsonNode size = entries.get(i);
                if (!size.isNull() && !(size.canConvertToInt() && size.isIntegralNumber() && size.asInt() >= 0)) {
                    problems.add(path + ".sizes[" + i + "]", size.asText(), "is not an array size",
                            "write a whole number of 0 or more, or null for a null field");
                }
            }
        }
    }
}
