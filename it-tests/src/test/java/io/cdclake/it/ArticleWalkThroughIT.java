package io.cdclake.it;

import io.cdclake.core.scenario.ScenarioResult;
import io.cdclake.core.scenario.Scenarios;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's walk-through end to end, unchanged on both targets: the local Kafka Connect REST API, and the
 * AWS deployer's code against the MSK Connect emulator. The snapshot, the order update and the order insert are
 * judged by what lands in Kafka and in S3.
 */
class ArticleWalkThroughIT {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "on {0}")
    @EnumSource(LocalTargets.Kind.class)
    void snapshotUpdateAndInsertLandInS3AsTheArticleShows(LocalTargets.Kind target) throws Exception {
        try (LocalPipeline pipeline = LocalTargets.start(target, dataDir)) {
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
