package io.cdclake.s3sink.it;

import io.cdclake.s3sink.S3Bucket;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What current Lenses (9.x) does beyond what both lines share: the KCQL and keys it refuses, its PROPERTIES, the
 * record's place and time as directories, the layout without PARTITIONBY, tombstones.
 */
abstract class CurrentLensesBehaviour extends SinkBehaviour {

    @Override
    LensesLine line() {
        return LensesLine.LENSES_9;
    }

    @Test
    void theArticlesFlushKeywordsAreRefusedNamingTheirReplacement() throws Exception {
        cluster().createTopic("with-flush", 1);
        cluster().createBucket("with-flush");

        String refusal = refusal("with-flush", cluster().sinkConfig(connectorClass(), "with-flush",
                "INSERT INTO with-flush:p SELECT * FROM with-flush PARTITIONBY dir WITH_FLUSH_COUNT = 50"));

        assertThat(refusal).contains("WITH_FLUSH_COUNT").contains("PROPERTIES");
    }

    @Test
    void theArticlesOlderAwsKeysAreRefusedNamingTheCurrentOnes() throws Exception {
        cluster().createTopic("old-keys", 1);
        cluster().createBucket("old-keys");
        Map<String, String> config = config("old-keys", "INSERT INTO old-keys:p SELECT * FROM old-keys NOPARTITION",
                "count", "1");
        config.put("aws.custom.endpoint", cluster().s3Endpoint());

        assertThat(refusal("old-keys", config)).contains("aws.custom.endpoint").contains("connect.s3.custom.endpoint");
    }

    @Test
    void withoutPartitionByAFileNamesItsLastOffsetAndItsRecordsTimestamps() throws Exception {
        cluster().createTopic("timed", 1);
        S3Bucket bucket = cluster().createBucket("timed");
        cluster().send("timed", 0, 1_700_000_000_500L, null, "{\"id\":0}");
        cluster().send("timed", 0, 1_700_000_000_000L, null, "{\"id\":1}");

        run("timed", config("timed", "INSERT INTO timed:raw SELECT * FROM timed", "count", "2"));

        String key = "raw/timed/0/000000000001_1700000000000_1700000000500.json";
        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("raw/")).containsOnlyKeys(key));
        assertThat(ids(bucket.objects("raw/").get(key))).containsExactly(0, 1);
    }

    @Test
    void theRecordsTopicPartitionAndDateAsDirectories() throws Exception {
        cluster().createTopic("placed", 1);
        S3Bucket bucket = cluster().createBucket("placed");
        // mid-June 2021: the same year in every time zone the worker may run in
        cluster().send("placed", 0, Instant.parse("2021-06-15T12:00:00Z").toEpochMilli(), null, "{\"id\":0}");

        run("placed", config("placed", "INSERT INTO placed:p SELECT * FROM placed PARTITIONBY _topic, _partition,"
                + " _date.uuuu", "count", "1"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p/topic=placed/partition=0/date=2021/" + name("placed", 0, 0)));
    }

    @Test
    void paddingAndSuffixPropertiesShapeTheFileName() throws Exception {
        cluster().createTopic("padded", 1);
        S3Bucket bucket = cluster().createBucket("padded");
        cluster().send("padded", 0, null, "{\"id\":0}");
        cluster().send("padded", 0, null, "{\"id\":1}");

        run("padded", cluster().sinkConfig(connectorClass(), "padded", "INSERT INTO padded:p SELECT * FROM padded"
                + " NOPARTITION PROPERTIES('padding.length.offset'=3, 'padding.length.partition'=2,"
                + " 'key.suffix'='-eu', 'flush.count'=1)"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p//padded(00_000)-eu.json", "p//padded(00_001)-eu.json"));
    }

    @Test
    void partitionIncludeKeysFalseWritesValuesOnly() throws Exception {
        cluster().createTopic("values-only", 1);
        S3Bucket bucket = cluster().createBucket("values-only");
        cluster().send("values-only", 0, null, "{\"id\":0,\"dir\":\"a\"}");

        run("values-only", cluster().sinkConfig(connectorClass(), "values-only", "INSERT INTO values-only:p SELECT *"
                + " FROM values-only PARTITIONBY dir PROPERTIES('partition.include.keys'=false, 'flush.count'=1)"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/"))
                .containsOnlyKeys("p/a/" + name("values-only", 0, 0)));
    }

    @Test
    void tombstonesAreSkippedWhenSkipNullValuesSaysSo() throws Exception {
        cluster().createTopic("tombstones", 1);
        S3Bucket bucket = cluster().createBucket("tombstones");
        cluster().send("tombstones", 0, "{\"id\":0}", "{\"id\":0,\"dir\":\"a\"}");
        cluster().send("tombstones", 0, "{\"id\":0}", null);
        cluster().send("tombstones", 0, "{\"id\":2}", "{\"id\":2,\"dir\":\"a\"}");
        Map<String, String> config = config("tombstones", "INSERT INTO tombstones:p SELECT * FROM tombstones"
                + " PARTITIONBY dir", "count", "2");
        config.put("connect.s3.skip.null.values", "true");

        run("tombstones", config);

        String key = "p/dir=a/" + name("tombstones", 0, 2);
        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("p/")).containsOnlyKeys(key));
        assertThat(ids(bucket.objects("p/").get(key))).containsExactly(0, 2);
    }
}
