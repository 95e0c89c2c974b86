package io.cdclake.s3sink;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Configurations the sink must refuse, each with the setting the refusal is reported on and words of its message.
 * Used against the connector class directly and through a Connect worker's validate endpoint.
 */
public final class BadConfigurations {

    public static final String TOPIC = "msk.datalake.cdc_events";
    public static final String ARTICLE_KCQL = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM " + TOPIC
            + " PARTITIONBY customer_id,order_id STOREAS `json` WITH_FLUSH_INTERVAL = 60 WITH_FLUSH_COUNT = 50";
    /** The article's statement in the form current Lenses reads. */
    public static final String CURRENT_KCQL = "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM " + TOPIC
            + " PARTITIONBY customer_id,order_id STOREAS `json` PROPERTIES('flush.interval'=60, 'flush.count'=50)";
    /** A secret that must never appear in any message. */
    public static final String SECRET = "wJalrXUtnFEMI-never-shown";

    /** One refused configuration: what is changed, where the refusal lands, and what it says. */
    public record Case(String name, Map<String, String> changes, String field, String message) {
        public Map<String, String> apply(Map<String, String> base) {
            Map<String, String> config = new HashMap<>(base);
            changes.forEach((k, v) -> {
                if (v == null) {
                    config.remove(k);
                } else {
                    config.put(k, v);
                }
            });
            return config;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private BadConfigurations() {
    }

    /** A good configuration, the article's (for the Lenses 3 it deploys), with credentials and a local endpoint. */
    public static Map<String, String> good() {
        Map<String, String> c = new HashMap<>();
        c.put("name", "s3-sink");
        c.put("connector.class", "io.cdclake.s3sink.S3SinkConnector");
        c.put("topics", TOPIC);
        c.put("connect.s3.kcql", ARTICLE_KCQL);
        c.put("connect.s3.aws.region", "ap-southeast-2");
        c.put("connect.s3.aws.auth.mode", "Credentials");
        c.put("connect.s3.aws.access.key", "AKIAEXAMPLE");
        c.put("connect.s3.aws.secret.key", SECRET);
        c.put("connect.s3.custom.endpoint", "http://localhost:9000");
        c.put("connect.s3.vhost.bucket", "true");
        c.put("connect.s3.compatibility", "lenses-3");
        return c;
    }

    public static List<Case> all() {
        return List.of(
                new Case("KCQL missing", changes("connect.s3.kcql", null), "connect.s3.kcql",
                        "Missing required configuration \"connect.s3.kcql\""),
                new Case("KCQL misspelt keyword", changes("connect.s3.kcql",
                        "INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FORM " + TOPIC), "connect.s3.kcql",
                        "connect.s3.kcql: position 53 ('FORM'): expected FROM"),
                new Case("STOREAS avro", changes("connect.s3.kcql",
                        "INSERT INTO data-lake-demo-cevo SELECT * FROM " + TOPIC + " STOREAS `avro`"),
                        "connect.s3.kcql", "STOREAS avro is not supported: this sink writes json only"),
                new Case("invalid bucket name", changes("connect.s3.kcql",
                        "INSERT INTO Data_Lake SELECT * FROM " + TOPIC), "connect.s3.kcql",
                        "'Data_Lake' is not a valid S3 bucket name"),
                new Case("flush count zero", changes("connect.s3.kcql",
                        "INSERT INTO data-lake-demo-cevo SELECT * FROM " + TOPIC + " WITH_FLUSH_COUNT = 0"),
                        "connect.s3.kcql", "expected a record count greater than 0"),
                new Case("KCQL topic not consumed", changes("connect.s3.kcql",
                        "INSERT INTO data-lake-demo-cevo SELECT * FROM other.topic; INSERT INTO data-lake-demo-cevo"
                                + " SELECT * FROM " + TOPIC), "connect.s3.kcql",
                        "statement 1 reads topic 'other.topic', which is not in topics"),
                new Case("consumed topic without statement", changes("topics", TOPIC + ",audit"), "connect.s3.kcql",
                        "topic 'audit' in topics has no statement"),
                new Case("two statements, one destination", changes("connect.s3.kcql", ARTICLE_KCQL + ";"
                        + ARTICLE_KCQL), "connect.s3.kcql",
                        "statements 1 and 2 both write topic '" + TOPIC + "' to data-lake-demo-cevo:cdc-events"),
                new Case("unknown auth mode", changes("connect.s3.aws.auth.mode", "Role"), "connect.s3.aws.auth.mode",
                        "Invalid value Role for configuration connect.s3.aws.auth.mode"),
                new Case("Credentials without access key", changes("connect.s3.aws.access.key", null),
                        "connect.s3.aws.access.key",
                        "connect.s3.aws.access.key is required when connect.s3.aws.auth.mode=Credentials"),
                new Case("Credentials without secret key", changes("connect.s3.aws.secret.key", null),
                        "connect.s3.aws.secret.key",
                        "connect.s3.aws.secret.key is required when connect.s3.aws.auth.mode=Credentials"),
                new Case("keys given with Default mode", changes("connect.s3.aws.auth.mode", "Default"),
                        "connect.s3.aws.access.key", "connect.s3.aws.auth.mode=Default ignores it"),
                new Case("region not a region", changes("connect.s3.aws.region", "Sydney"), "connect.s3.aws.region",
                        "Invalid value Sydney for configuration connect.s3.aws.region: not an AWS region name"),
                new Case("endpoint not a URL", changes("connect.s3.custom.endpoint", "localhost 9000"),
                        "connect.s3.custom.endpoint", "Invalid value localhost 9000 for configuration"
                        + " connect.s3.custom.endpoint: not a URL"),
                new Case("endpoint not http", changes("connect.s3.custom.endpoint", "s3://data-lake-demo-cevo"),
                        "connect.s3.custom.endpoint", "must be an http:// or https:// URL"),
                new Case("legacy region contradicts", changes("aws.region", "us-east-1"), "aws.region",
                        "aws.region=us-east-1 contradicts connect.s3.aws.region=ap-southeast-2; remove the"
                                + " deprecated aws.region"),
                new Case("negative retries", changes("connect.s3.retries", "-1"), "connect.s3.retries",
                        "Invalid value -1 for configuration connect.s3.retries: Value must be at least 0"),
                new Case("backoff cap below backoff", changes("connect.s3.retry.backoff.ms", "5000",
                        "connect.s3.retry.backoff.max.ms", "100"), "connect.s3.retry.backoff.max.ms",
                        "connect.s3.retry.backoff.max.ms=100 is below connect.s3.retry.backoff.ms=5000"),
                new Case("unknown Lenses line", changes("connect.s3.compatibility", "lenses-7"),
                        "connect.s3.compatibility", "not a Lenses line this sink knows; use one of lenses-9, lenses-3"),
                new Case("the article's WITH_FLUSH on current Lenses", changes("connect.s3.compatibility", "lenses-9"),
                        "connect.s3.kcql", "WITH_FLUSH_INTERVAL was replaced by PROPERTIES('flush.interval'=seconds)"
                        + " in Lenses 7.0"),
                new Case("WITHPARTITIONER on current Lenses", changes("connect.s3.compatibility", "lenses-9",
                        "connect.s3.kcql", "INSERT INTO data-lake-demo-cevo SELECT * FROM " + TOPIC
                                + " PARTITIONBY customer_id WITHPARTITIONER = Values"), "connect.s3.kcql",
                        "WITHPARTITIONER was replaced by PROPERTIES('partition.include.keys'=true|false)"),
                new Case("PROPERTIES on the article's Lenses", changes("connect.s3.kcql", CURRENT_KCQL),
                        "connect.s3.kcql", "Lenses 3 knows no PROPERTIES clause"),
                new Case("old endpoint key on current Lenses", changes("connect.s3.compatibility", "lenses-9",
                        "connect.s3.kcql", CURRENT_KCQL, "aws.custom.endpoint", "http://localhost:9000"),
                        "aws.custom.endpoint", "aws.custom.endpoint is not a Lenses 9 setting"),
                new Case("old access key on current Lenses", changes("connect.s3.compatibility", "lenses-9",
                        "connect.s3.kcql", CURRENT_KCQL, "aws.access.key", "AKIAEXAMPLE"),
                        "connect.s3.aws.access.key", "aws.access.key is not a Lenses 9 setting"),
                new Case("skip.null.values on the article's Lenses", changes("connect.s3.skip.null.values", "true"),
                        "connect.s3.skip.null.values", "connect.s3.skip.null.values is a Lenses 9 setting"),
                new Case("padding of an unknown number", changes("connect.s3.compatibility", "lenses-9",
                        "connect.s3.kcql", "INSERT INTO data-lake-demo-cevo SELECT * FROM " + TOPIC
                                + " NOPARTITION PROPERTIES('padding.length.order'=5)"), "connect.s3.kcql",
                        "write 'padding.length.offset' or 'padding.length.partition'"),
                new Case("date partitions on the article's Lenses", changes("connect.s3.kcql",
                        "INSERT INTO data-lake-demo-cevo SELECT * FROM " + TOPIC + " PARTITIONBY _date.uuuu"),
                        "connect.s3.kcql", "Lenses 3 has no _date partitions"),
                new Case("indexes name with slash", changes("connect.s3.indexes.name", "/idx"),
                        "connect.s3.indexes.name", "must be a non-empty key prefix without leading or trailing '/'"));
    }

    private static Map<String, String> changes(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return m;
    }
}
