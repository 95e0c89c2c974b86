package io.cdclake.it;

import io.cdclake.cli.CdcLake;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.yaml.PipelineYaml;
import io.cdclake.local.LocalPipeline;
import io.cdclake.local.TopicInspector;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The second reference pipeline, pipelines/webshop.yaml, end to end on both targets: three tables of schema shop
 * captured directly, loaded by its own init scripts (pg_dump's COPY ... FROM stdin), each topic with its own
 * layout in S3 (PARTITIONBY country, PARTITIONBY order_id, NOPARTITION), deletes rewritten with __deleted. The
 * snapshot check and every scenario the file declares run through the same scenario code as the article's; the
 * commands a user types against a running pipeline ({@code scenario list}, {@code scenario run}) run too.
 */
class WebshopPipelineIT {

    static final Path PIPELINE_FILE = LocalTargets.PIPELINE_FILE.resolveSibling("webshop.yaml");
    static final Pipeline PIPELINE = PipelineYaml.read(PIPELINE_FILE);

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "on {0}")
    @EnumSource(LocalTargets.Kind.class)
    void everyScenarioOfThePipelinePasses(LocalTargets.Kind kind) throws Exception {
        List<String> declared = new ArrayList<>(List.of("snapshot"));
        PIPELINE.scenarios().forEach(s -> declared.add(s.name()));
        assertThat(declared).as("the scenarios the file declares").hasSizeGreaterThanOrEqualTo(6);

        try (LocalPipeline pipeline = LocalTargets.start(kind, PIPELINE, dataDir)) {
            try (TopicInspector topics = new TopicInspector(pipeline.runtime().kafka().bootstrapServers())) {
                assertThat(topics.messages("msk.shop.customers")).as("snapshot messages of customers").isEqualTo(40);
                assertThat(topics.messages("msk.shop.products")).as("snapshot messages of products").isEqualTo(30);
                assertThat(topics.messages("msk.shop.order_lines")).as("snapshot messages of order lines").isEqualTo(161);
            }
            Cli list = cdclake("scenario", "list", "--pipeline", PIPELINE_FILE.toString());
            assertThat(list.exitCode()).as(list.out()).isZero();
            assertThat(list.out().lines().map(l -> l.split("\\s+")[0])).containsExactlyElementsOf(declared);

            assertThat(LocalTargets.runEveryScenario(pipeline, PIPELINE)).containsExactlyElementsOf(declared);

            // ./cdclake scenario run against the running pipeline, as a user types it: the snapshot check still
            // holds after the scenarios (at least each table's rows, in every topic's own layout)
            Cli snapshot = cdclake("scenario", "run", "snapshot", "--pipeline", PIPELINE_FILE.toString(),
                    "--data-dir", dataDir.toString());
            assertThat(snapshot.exitCode()).as(snapshot.out()).isZero();
            assertThat(snapshot.out()).contains("snapshot: PASS").contains("snapshot of shop.customers")
                    .contains("snapshot of shop.products").contains("snapshot of shop.order_lines");
        }
    }

    record Cli(int exitCode, String out) {
    }

    private static Cli cdclake(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = CdcLake.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(args);
        System.out.println("cdclake " + String.join(" ", args) + " -> " + code + "\n" + out);
        return new Cli(code, out.toString());
    }
}
