package io.cdclake.it;

import io.cdclake.core.scenario.ScenarioResult;
import io.cdclake.core.scenario.Scenarios;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's walk-through end to end on the local runtime through the Kafka Connect REST API: the snapshot,
 * the order update and the order insert, judged by what lands in Kafka and in S3.
 */
class ArticleWalkThroughIT {

    @TempDir
    Path dataDir;

    @Test
    void snapshotUpdateAndInsertLandInS3AsTheArticleShows() throws Exception {
        try (LocalPipeline pipeline = LocalTargets.connectRest(dataDir, true)) {
            try (TopicInspector topics = new TopicInspector(pipeline.runtime().kafka().bootstrapServers())) {
                assertThat(topics.messages("msk.datalake.cdc_events")).as("snapshot messages in the topic").isEqualTo(829);
            }

            ScenarioResult snapshot = run("snapshot", pipeline);
            assertThat(snapshot.check("snapshot records").detail()).startsWith("829 records");
            assertThat(snapshot.check("one object path per customer_id/order_id").passed()).isTrue();

            ScenarioResult update = run("order-update", pipeline);
            assertThat(update.check("2 records for order 11077").passed()).isTrue();
            assertThat(update.check("last record's shipped_date").detail()).startsWith("shipped_date 10392");

            ScenarioResult insert = run("order-insert", pipeline);
            assertThat(insert.check("4 records for order 11075").passed()).isTrue();
            assertThat(insert.check("first record without items").passed()).isTrue();
            assertThat(insert.check("items added one by one").detail()).contains("1/1, 2/2, 3/3");
        }
    }

    private static ScenarioResult run(String scenario, LocalPipeline pipeline) {
        ScenarioResult result = Scenarios.create(scenario, LocalTargets.PIPELINE, LocalPipeline.LOCAL_ENVIRONMENT)
                .run(pipeline.target(), line -> System.out.println(scenario + ": " + line));
        System.out.println(result.report());
        assertThat(result.passed()).as(result.report()).isTrue();
        return result;
    }
}
