package io.cdclake.core.model;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * A scenario the pipeline file declares: what must be in the sink before, named SQL steps run against the source
 * database, then what must land in the sink. {@code ./cdclake scenario run NAME} and {@code ./cdclake demo} run
 * it; so does {@code mvn verify} on every target.
 *
 * @param name        lower-case letters, digits and hyphens, unique in the pipeline ({@code order-update})
 * @param description what the scenario shows, for {@code scenario list}
 * @param before      checked before the steps (e.g. the snapshot record is there, or nothing is)
 * @param steps       run in order, each statement committed on its own
 * @param expect      checked after the steps, waiting up to the environment's flush interval for records to land
 */
public record Scenario(String name, String description, List<Expectation> before, List<Step> steps,
                       List<Expectation> expect) {

    public Scenario {
        before = Immutables.list(before);
        steps = Immutables.list(steps);
        expect = Immutables.list(expect);
    }

    /**
     * One SQL statement, run with {@code search_path} set to the source schema and committed on its own, so that
     * logical decoding sees one change per statement.
     *
     * @param rows the rows it must change (insert, update, delete); null: any number
     */
    public record Step(String name, String sql, Integer rows) {
    }

    /**
     * What the records of one topic under one partition path must look like, in record order (partition, then
     * offset).
     *
     * @param topic          the Kafka topic whose records are meant; may be left out when the pipeline has one
     * @param path           relative to the sink prefix of the topic, e.g. {@code customer_id=RATTC/order_id=11077/};
     *                       left out: every record of the topic
     * @param records        exactly this many records; 0 means no record at the path (checked, not waited for)
     * @param recordsAtLeast at least this many records
     * @param first          field values of the first record ({@code field: value}; dotted names reach into objects)
     * @param last           field values of the last record
     * @param sequence       a field's values (or array sizes) across the records, one entry per record
     */
    public record Expectation(String topic, String path, Integer records, Integer recordsAtLeast,
                              Map<String, JsonNode> first, Map<String, JsonNode> last, List<Sequence> sequence) {

        public Expectation {
            first = Immutables.map(first);
            last = Immutables.map(last);
            sequence = Immutables.list(sequence);
        }

        /** The path as a key prefix below the topic's sink prefix: "" or ending with '/'. */
        public String normalizedPath() {
            if (path == null || path.isEmpty()) {
                return "";
            }
            return path.endsWith("/") ? path : path + "/";
        }
    }

    /**
     * One field across the records: its values, or the sizes of the arrays it holds (a jsonb column may arrive as
     * JSON text; null: the field is null). Exactly one of the two.
     */
    public record Sequence(String field, List<JsonNode> values, List<JsonNode> sizes) {
        public Sequence {
            values = values == null ? null : Immutables.list(values);
            sizes = sizes == null ? null : Immutables.list(sizes);
        }
    }
}
