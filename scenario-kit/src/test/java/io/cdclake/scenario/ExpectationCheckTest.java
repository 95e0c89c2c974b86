package io.cdclake.scenario;

import io.cdclake.core.model.Pipeline;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An expectation judged on the records found under its path, as a user reads the checks. */
class ExpectationCheckTest {

    private static final String PATH = "cdc-events/customer_id=C1/order_id=7/";
    private static final String TOPIC = "msk.datalake.cdc_events";

    @Test
    void anExactCountPassesOnlyOnThatCount() {
        ExpectationCheck e = expectation("records: 2");

        assertThat(e.evaluate(objects("{\"a\":1}", "{\"a\":2}"), null)).singleElement().satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.toString()).isEqualTo("PASS  2 record(s) under " + PATH + ": 2 record(s) in 2 object(s)");
        });
        assertThat(e.evaluate(objects("{\"a\":1}", "{\"a\":2}", "{\"a\":3}"), null).get(0).passed()).isFalse();
        assertThat(e.evaluate(objects("{\"a\":1}"), "0.6 s").get(0).toString())
                .isEqualTo("FAIL  2 record(s) under " + PATH + ": 1 record(s) in 1 object(s) after waiting 0.6 s");
        assertThat(e.landed(List.of())).isFalse();
        assertThat(e.waits()).isTrue();
    }

    @Test
    void atLeastAcceptsMoreAndNoRecordIsNotWaitedFor() {
        ExpectationCheck atLeast = expectation("recordsAtLeast: 2");
        assertThat(atLeast.evaluate(objects("{}", "{}", "{}"), null).get(0)).satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.name()).isEqualTo("at least 2 record(s) under " + PATH);
        });

        ExpectationCheck none = expectation("records: 0");
        assertThat(none.waits()).isFalse();
        assertThat(none.evaluate(objects(), null).get(0).toString())
                .isEqualTo("PASS  no record under " + PATH + ": 0 record(s) in 0 object(s)");
        assertThat(none.evaluate(objects("{}"), null).get(0).passed()).isFalse();
    }

    @Test
    void fieldsOfTheFirstAndLastRecordCompareNumbersByValueAndNullOnlyWithNull() {
        ExpectationCheck e = expectation("""
                records: 2
                        first: {shipped_date: null, freight: 8.53}
                        last: {shipped_date: 10392, __op: u, ship.city: Albuquerque}""");

        List<Check> checks = e.evaluate(objects(
                "{\"shipped_date\":null,\"freight\":8.530,\"__op\":\"r\",\"ship\":{\"city\":\"Albuquerque\"}}",
                "{\"shipped_date\":10392.0,\"__op\":\"u\",\"ship\":\"{\\\"city\\\": \\\"Albuquerque\\\"}\"}"), null);

        assertThat(checks).extracting(Check::toString).containsExactly(
                "PASS  2 record(s) under " + PATH + ": 2 record(s) in 2 object(s)",
                "PASS  first record's shipped_date under " + PATH + ": null, expected null",
                "PASS  first record's freight under " + PATH + ": 8.53, expected 8.53",
                "PASS  last record's shipped_date under " + PATH + ": 10392.0, expected 10392",
                "PASS  last record's __op under " + PATH + ": \"u\", expected \"u\"",
                "PASS  last record's ship.city under " + PATH + ": \"Albuquerque\", expected \"Albuquerque\"");
    }

    @Test
    void aWrongOrMissingFieldFailsAndSaysWhatWasSeen() {
        ExpectationCheck e = expectation("""
                records: 1
                        last: {shipped_date: 10392, order_items: null}""");

        List<Check> checks = e.evaluate(objects("{\"shipped_date\":10391}"), null);

        assertThat(checks).extracting(Check::toString).containsExactly(
                "PASS  1 record(s) under " + PATH + ": 1 record(s) in 1 object(s)",
                "FAIL  last record's shipped_date under " + PATH + ": 10391, expected 10392",
                "FAIL  last record's order_items under " + PATH + ": missing, expected null");
    }

    @Test
    void fieldsOfNoRecordFail() {
        ExpectationCheck e = expectation("""
                recordsAtLeast: 1
                        first: {a: 1}""");

        assertThat(e.evaluate(objects(), "0.6 s")).extracting(Check::toString).containsExactly(
                "FAIL  at least 1 record(s) under " + PATH + ": 0 record(s) in 0 object(s) after waiting 0.6 s",
                "FAIL  first record's a under " + PATH + ": no record");
    }

    @Test
    void arraySizesAcrossRecordsReadJsonTextAndArraysAlike() {
        ExpectationCheck e = expectation("""
                records: 4
                        sequence:
                          - field: order_items
                            sizes: [null, 1, 2, 3]""");

        Check grown = e.evaluate(objects("{\"order_items\":null}", "{\"order_items\":\"[{\\\"p\\\":2}]\"}",
                "{\"order_items\":[1,2]}", "{\"order_items\":\"[1, 2, 3]\"}"), null).get(1);
        assertThat(grown.toString()).isEqualTo("PASS  order_items sizes across the records under " + PATH
                + ": null, 1, 2, 3; expected null, 1, 2, 3");

        Check wrong = e.evaluate(objects("{\"order_items\":null}", "{\"order_items\":\"not json\"}",
                "{}", "{\"order_items\":[1,2,3]}"), null).get(1);
        assertThat(wrong.toString()).isEqualTo("FAIL  order_items sizes across the records under " + PATH
                + ": null, not an array, missing, 3; expected null, 1, 2, 3");
    }

    @Test
    void valuesAcrossRecordsMustMatchOneForOne() {
        ExpectationCheck e = expectation("""
                recordsAtLeast: 2
                        sequence:
                          - field: __op
                            values: [r, u]""");

        assertThat(e.evaluate(objects("{\"__op\":\"r\"}", "{\"__op\":\"u\"}"), null).get(1).passed()).isTrue();
        assertThat(e.evaluate(objects("{\"__op\":\"r\"}", "{\"__op\":\"u\"}", "{\"__op\":\"u\"}"), null).get(1)
                .toString()).isEqualTo("FAIL  __op across the records under " + PATH
                + ": \"r\", \"u\", \"u\"; expected \"r\", \"u\"");
    }

    @Test
    void withSeveralTopicsTheCheckNamesItsTopic() {
        Pipeline pipeline = TestPipelines.withScenarios(scenario("records: 1"));
        Pipeline twoTopics = pipeline.toBuilder().source(pipeline.source().toBuilder()
                .tables(List.of("datalake.cdc_events", "datalake.orders")).build()).build();

        ExpectationCheck e = new ExpectationCheck(twoTopics, pipeline.scenarios().get(0).expect().get(0));

        assertThat(e.evaluate(objects("{}"), null).get(0).name()).isEqualTo("1 record(s) under " + PATH + " (" + TOPIC + ")");
    }

    /** The expectation of a one-scenario pipeline whose expect entry holds {@code body} after its path. */
    private static ExpectationCheck expectation(String body) {
        Pipeline pipeline = TestPipelines.withScenarios(scenario(body));
        return new ExpectationCheck(pipeline, pipeline.scenarios().get(0).expect().get(0));
    }

    private static String scenario(String body) {
        return """
                scenarios:
                  - name: t
                    expect:
                      - path: customer_id=C1/order_id=7
                        %s
                """.formatted(body);
    }

    /** One object per content, named as the sink names them, in offset order. */
    private static Map<String, String> objects(String... contents) {
        Map<String, String> objects = new LinkedHashMap<>();
        for (int i = 0; i < contents.length; i++) {
            objects.put(PATH + TOPIC + "(0_" + i + ").json", contents[i] + "\n");
        }
        return objects;
    }
}
