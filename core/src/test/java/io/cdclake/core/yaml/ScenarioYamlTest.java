package io.cdclake.core.yaml;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Scenario;
import io.cdclake.core.model.Scenario.Expectation;
import io.cdclake.core.validate.InvalidPipelineException;
import io.cdclake.core.validate.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The {@code scenarios:} of a pipeline file: how they read, and every mistake reported with path, value and fix. */
class ScenarioYamlTest {

    private static final String BASE = read(Path.of("src/test/resources/pipelines/valid-aws.yaml"));

    /** A valid scenario; each bad case below changes one thing of it. */
    private static final String GOOD = """
            scenarios:
              - name: ship-order
                description: order 11077 ships
                before:
                  - path: customer_id=RATTC/order_id=11077/
                    records: 1
                steps:
                  - name: ship it
                    sql: UPDATE orders SET shipped_date = '1998-06-15'::date WHERE order_id = 11077;
                    rows: 1
                expect:
                  - topic: msk.datalake.cdc_events
                    path: customer_id=RATTC/order_id=11077
                    records: 2
                    first: {shipped_date: null}
                    last: {shipped_date: 10392, __op: u, customer.city: Albuquerque}
                    sequence:
                      - field: order_items
                        sizes: [null, 3]
                      - field: __op
                        values: [r, u]
            """;

    @Test
    void theReferencePipelineDeclaresTheArticlesTwoScenarios() {
        Pipeline reference = PipelineYaml.read(ReferencePipelineTest.REFERENCE);

        assertThat(reference.scenarios()).extracting(Scenario::name).containsExactly("order-update", "order-insert");
        Scenario insert = reference.scenarios().get(1);
        assertThat(insert.steps()).hasSize(4).allSatisfy(step -> assertThat(step.rows()).isEqualTo(1));
        assertThat(insert.steps().get(0).sql()).startsWith("INSERT INTO orders VALUES (11075, 'RICSU', 8,")
                .doesNotContain("\n");
        assertThat(insert.before()).singleElement().extracting(Expectation::records).isEqualTo(0);
        Expectation after = insert.expect().get(0);
        assertThat(after.records()).isEqualTo(4);
        assertThat(after.first()).containsEntry("order_items", NullNode.getInstance());
        assertThat(after.sequence()).extracting(Scenario.Sequence::field).containsExactly("order_items", "products");
        assertThat(after.sequence().get(0).sizes()).containsExactly(NullNode.getInstance(), IntNode.valueOf(1),
                IntNode.valueOf(2), IntNode.valueOf(3));
        assertThat(reference.scenarios().get(0).expect().get(0).last())
                .containsEntry("shipped_date", IntNode.valueOf(10392)).containsEntry("__op", TextNode.valueOf("u"));
    }

    @Test
    void aScenarioReadsAsWritten() {
        Scenario s = PipelineYaml.parse(BASE + GOOD, "good.yaml").scenarios().get(0);

        assertThat(s.name()).isEqualTo("ship-order");
        assertThat(s.steps()).singleElement().satisfies(step -> assertThat(step.name()).isEqualTo("ship it"));
        Expectation e = s.expect().get(0);
        assertThat(e.normalizedPath()).isEqualTo("customer_id=RATTC/order_id=11077/");
        assertThat(e.last().keySet()).containsExactly("shipped_date", "__op", "customer.city");
        assertThat(e.sequence().get(1).values()).containsExactly(TextNode.valueOf("r"), TextNode.valueOf("u"));
        assertThat(e.sequence().get(1).sizes()).isNull();
    }

    @Test
    void aPipelineWithoutScenariosIsValid() {
        assertThat(PipelineYaml.parse(BASE, "base.yaml").scenarios()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field         | 'sql: UPDATE'                        | 'sqll: UPDATE'                  | scenarios[0].steps[0].sqll: unknown key 'sqll' (did you mean 'sql'?). Fix: rename it to 'sql'
            unknown field in expect | '    records: 2'                    | '    recrods: 2'                 | scenarios[0].expect[0].recrods: unknown key 'recrods' (did you mean 'records'?)
            missing sql           | 'sql: UPDATE orders SET shipped_date = ''1998-06-15''::date WHERE order_id = 11077;' | '' | scenarios[0].steps[0].sql: missing. Fix: write the SQL statement the step runs
            bad count type        | '    records: 2'                     | '    records: two'               | scenarios[0].expect[0].records: expected a whole number, found 'two' (value: two)
            negative count        | '    records: 2'                     | '    records: -2'                | scenarios[0].expect[0].records: must be 0 or more (value: -2)
            no count              | '    records: 2'                     | ''                              | scenarios[0].expect[0].records: missing. Fix: say how many records: records: N (exactly N; 0 for none) or recordsAtLeast: N
            both counts           | '    records: 2'                     | '    records: 2\n        recordsAtLeast: 1' | scenarios[0].expect[0].recordsAtLeast: is given together with records (value: 1). Fix: keep one
            zero at least         | '    records: 1'                     | '    recordsAtLeast: 0'          | scenarios[0].before[0].recordsAtLeast: must be at least 1 (value: 0). Fix: give the minimum number of records; for no record at the path write records: 0
            fields on no record   | '    records: 2'                     | '    records: 0'                 | scenarios[0].expect[0].first: cannot hold when records is 0
            sequence too short    | 'sizes: [null, 3]'                   | 'sizes: [3]'                    | scenarios[0].expect[0].sequence[0].sizes: does not match records (2) (value: 1 entries). Fix: give one entry per record, in record order
            size not a number     | 'sizes: [null, 3]'                   | 'sizes: [null, three]'          | scenarios[0].expect[0].sequence[0].sizes[1]: is not an array size (value: three)
            values and sizes      | 'sizes: [null, 3]'                   | 'sizes: [null, 3]\n            values: [1, 2]' | scenarios[0].expect[0].sequence[0].values: is given together with sizes
            value not a scalar    | '__op: u,'                          | '__op: [u],'                   | scenarios[0].expect[0].last.__op: expected a single value, found a list
            unknown topic         | 'topic: msk.datalake.cdc_events'     | 'topic: msk.datalake.cdc_event' | scenarios[0].expect[0].topic: is not a topic of this pipeline (did you mean 'msk.datalake.cdc_events'?) (value: msk.datalake.cdc_event). Fix: use one of msk.datalake.cdc_events
            path with the prefix  | 'path: customer_id=RATTC/order_id=11077/' | 'path: cdc-events/customer_id=RATTC/' | scenarios[0].before[0].path: starts with the sink prefix 'cdc-events' (value: cdc-events/customer_id=RATTC/). Fix: remove 'cdc-events/': the path is relative to the sink prefix
            path out of order     | 'path: customer_id=RATTC/order_id=11077/' | 'path: order_id=11077/'   | scenarios[0].before[0].path: segment 'order_id=11077' is not customer_id=<value>; the sink partitions by customer_id,order_id (value: order_id=11077/). Fix: write the segments in PARTITIONBY order, e.g. customer_id=<value>/order_id=<value>/
            path too deep         | 'path: customer_id=RATTC/order_id=11077/' | 'path: customer_id=RATTC/order_id=11077/x=1/' | scenarios[0].before[0].path: has 3 segments; the sink partitions by 2 field(s): customer_id,order_id
            absolute path         | 'path: customer_id=RATTC/order_id=11077/' | 'path: /customer_id=RATTC/' | scenarios[0].before[0].path: is not a relative key path (value: /customer_id=RATTC/)
            reserved name         | 'name: ship-order'                   | 'name: snapshot'                | scenarios[0].name: is the name of the built-in snapshot check (value: snapshot). Fix: choose another name
            bad name              | 'name: ship-order'                   | 'name: Ship Order'              | scenarios[0].name: is not a valid scenario name (value: Ship Order). Fix: use 1 to 63 lower-case letters, digits and hyphens
            missing step name     | '- name: ship it\n        sql:'      | '- sql:'                        | scenarios[0].steps[0].name: missing. Fix: say what the step does
            negative rows         | '    rows: 1'                        | '    rows: -1'                  | scenarios[0].steps[0].rows: must be 0 or more (value: -1)
            no expectation        | '    expect:'                        | '    expectt:'                  | scenarios[0].expectt: unknown key 'expectt' (did you mean 'expect'?)
            """)
    void eachBadScenarioIsRejectedWithItsProblem(String mistake, String from, String to, String expected) {
        String yaml = GOOD.replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n"));
        assertThat(yaml).as("the case changes the scenario").isNotEqualTo(GOOD);

        List<Problem> problems = problems(BASE + yaml);

        assertThat(problems).as(mistake).anySatisfy(p -> assertThat(p.toString()).startsWith(expected));
        if (!mistake.equals("fields on no record")) {
            assertThat(problems).as("only the one mistake is reported").hasSize(1);
        }
    }

    @Test
    void aScenarioWithoutExpectationsAndADuplicateNameAreBothReported() {
        String second = """
                  - name: ship-order
                    steps:
                      - {name: nothing, sql: SELECT 1}
                """;

        assertThat(problems(BASE + GOOD + second)).extracting(Problem::toString).containsExactly(
                "scenarios[1].name: is the name of scenarios[0] too (value: ship-order). Fix: give each scenario its own name",
                "scenarios[1].expect: missing or empty. Fix: say what must land in S3 after the steps, e.g. expect:"
                        + " [{path: 'customer_id=RATTC/order_id=11077/', records: 2}]");
    }

    @Test
    void withTwoTopicsAnExpectationNamesItsTopic() {
        String twoTables = BASE.replace("tables: [datalake.cdc_events]", "tables: [datalake.cdc_events, datalake.orders]");
        String yaml = twoTables + GOOD;

        assertThat(problems(yaml)).extracting(Problem::toString).containsExactly(
                "scenarios[0].before[0].topic: missing; the pipeline has 2 topics. Fix: name the topic whose records are"
                        + " meant: one of msk.datalake.cdc_events, msk.datalake.orders");
    }

    private static List<Problem> problems(String yaml) {
        InvalidPipelineException e = catchThrowableOfType(() -> PipelineYaml.parse(yaml, "test.yaml"),
                InvalidPipelineException.class);
        assertThat(e).as("rejected:\n" + yaml).isNotNull();
        return e.problems();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
