package io.cdclake.s3sink.it;

import io.cdclake.s3sink.S3Bucket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Lenses 3.0 the article deploys (the Lenses stream-reactor release of its Dockerfile), reproduced by this
 * project's plugin with {@code connect.s3.compatibility=lenses-3}: the shared behaviour, then what that line alone
 * does.
 */
class ArticleLensesBehaviourIT extends SinkBehaviour {

    @TempDir
    static Path directory;
    static SinkCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SinkCluster.start(directory, PluginDirectory.unpackBuiltZip(directory.resolve("plugins")), Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    @Override
    SinkCluster cluster() {
        return cluster;
    }

    @Override
    String connectorClass() {
        return BUILT_IN;
    }

    @Override
    LensesLine line() {
        return LensesLine.LENSES_3;
    }

    @Test
    void thePropertiesOfLaterLinesAreRefused() throws Exception {
        cluster.createTopic("later", 1);
        cluster.createBucket("later");

        assertThat(refusal("later", cluster.sinkConfig(BUILT_IN, "later",
                "INSERT INTO later:p SELECT * FROM later NOPARTITION PROPERTIES('flush.count'=1)")))
                .contains("Lenses 3 knows no PROPERTIES clause");
    }

    @Test
    void withoutPartitionByAFileIsNamedByItsLastOffsetUnderTopicAndPartition() throws Exception {
        cluster.createTopic("hierarchy", 1);
        S3Bucket bucket = cluster.createBucket("hierarchy");
        cluster.send("hierarchy", 0, null, "{\"id\":0}");
        cluster.send("hierarchy", 0, null, "{\"id\":1}");

        run("hierarchy", config("hierarchy", "INSERT INTO hierarchy:raw SELECT * FROM hierarchy", "count", "2"));

        await().atMost(SinkCluster.timeout()).untilAsserted(() -> assertThat(bucket.objects("raw/"))
                .containsOnlyKeys("raw/hierarchy/0/1.json"));
    }
}
