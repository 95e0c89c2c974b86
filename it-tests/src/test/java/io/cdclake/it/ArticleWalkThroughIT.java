package io.cdclake.it;

import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The article's walk-through end to end, unchanged on both targets: the local Kafka Connect REST API, and the
 * AWS deployer's code against the MSK Connect emulator. The snapshot check and every scenario the reference
 * pipeline declares (the order update and the order insert) run through the same scenario code, judged by what
 * lands in S3.
 */
class ArticleWalkThroughIT {

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "on {0}")
    @EnumSource(LocalTargets.Kind.class)
    void everyScenarioOfThePipelinePasses(LocalTargets.Kind kind) throws Exception {
        try (LocalPipeline pipeline = LocalTargets.start(kind, dataDir)) {
            try (TopicInspector topics = new TopicInspector(pipeline.runtime().kafka().bootstrapServers())) {
                assertThat(topics.messages("msk.datalake.cdc_events")).as("snapshot messages in the topic").isEqualTo(829);
            }
            assertThat(LocalTargets.runEveryScenario(pipeline, LocalTargets.PIPELINE))
                    .containsExactly("snapshot", "order-update", "order-insert");
        }
    }
}
