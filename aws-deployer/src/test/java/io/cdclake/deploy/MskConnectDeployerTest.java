package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.deploy.MskConnectDeployer.Change;
import io.cdclake.deploy.api.MskConnectApiServer.Call;
import io.cdclake.deploy.plan.Action;
import io.cdclake.deploy.plan.Plan;
import io.cdclake.deploy.plugin.PluginSources;
import io.cdclake.deploy.preflight.PreflightException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The deployer with the real AWS SDK clients against the checking MSK Connect endpoint and a real S3 server. */
class MskConnectDeployerTest {

    @TempDir
    Path dir;

    TestBed bed;

    @BeforeEach
    void start() throws IOException {
        bed = new TestBed(dir);
    }

    @AfterEach
    void stop() {
        assertThat(bed.api.violations()).as("requests that break the MSK Connect API reference").isEmpty();
        bed.close();
    }

    @Test
    void applyCreatesThePipelineAndASecondApplyChangesNothing() throws IOException {
        Pipeline pipeline = TestBed.awsPipeline();
        List<Change> first = bed.deployer().apply(pipeline, "aws", null, bed.workDir, true);

        assertThat(first).extracting(Change::toString).containsExactly(
                "created custom plugin " + plugin(first, "debezium"), "created custom plugin " + plugin(first, "sink"),
                "created worker configuration " + first.get(2).name(),
                "created connector northwind-orders-source", "created connector northwind-orders-sink");
        assertThat(bed.api.connectorNames()).containsExactly("northwind-orders-source", "northwind-orders-sink");
        assertThat(bed.pluginObjects()).hasSize(2).allSatisfy(key -> assertThat(key).matches("msk-connect/plugins/[0-9a-f]{64}/.+\\.zip"));
        String sourceArn = bed.msk.listConnectors(r -> r.connectorNamePrefix("northwind-orders-source")).connectors().get(0).connectorArn();
        assertThat(bed.msk.listTagsForResource(r -> r.resourceArn(sourceArn)).tags())
                .containsEntry(MskConnectDeployer.OWNER_TAG, "northwind-orders").containsEntry("project", "cdc-lake");
        assertThat(bed.progress).anyMatch(l -> l.matches("connector northwind-orders-sink: RUNNING after \\d+\\.\\d s"));

        int mutatingBefore = bed.api.mutatingCalls().size();
        bed.progress.clear();
        List<Change> second = bed.deployer().apply(pipeline, "aws", null, bed.workDir, true);

        assertThat(second).hasSize(5).allSatisfy(c -> assertThat(c.action()).isEqualTo("unchanged"));
        assertThat(bed.api.mutatingCalls()).as("calls that change anything on the second apply").hasSize(mutatingBefore);
        assertThat(bed.progress).noneMatch(l -> l.startsWith("uploading"));
        assertThat(bed.progress).contains("No changes: MSK Connect matches the pipeline.");
        assertThat(bed.deployer().plan(pipeline, "aws", null, bed.workDir).plan().hasChanges()).isFalse();
    }

    @Test
    void aChangedConnectorConfigurationIsUpdatedInPlaceAndFollowedToItsEnd() throws IOException {
        bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true);
        Pipeline changed = TestBed.awsPipeline("count: 50", "count: 10");

        Plan plan = bed.deployer().plan(changed, "aws", null, bed.workDir).plan();
        assertThat(plan.render()).contains("~   connector northwind-orders-sink: update in place")
                .contains("~ connect.s3.kcql: INSERT INTO data-lake-demo-cevo:cdc-events SELECT * FROM msk.datalake.cdc_events"
                        + " PARTITIONBY customer_id,order_id STOREAS `json` PROPERTIES('flush.interval'=60, 'flush.count'=50) ->")
                .contains("=   connector northwind-orders-source: no change")
                .contains("Plan: 0 to create, 1 to update in place, 0 to replace, 0 to delete.");

        List<Change> applied = bed.deployer().apply(changed, "aws", null, bed.workDir, true);

        assertThat(applied).extracting(Change::toString).contains("updated connector northwind-orders-sink",
                "unchanged connector northwind-orders-source");
        List<String> ops = bed.api.operationNames();
        int update = ops.indexOf("UpdateConnector");
        assertThat(update).isPositive();
        assertThat(ops.subList(update, ops.size())).contains("DescribeConnectorOperation");
        assertThat(bed.api.calls().get(update).body().get("connectorConfiguration").get("connect.s3.kcql").asText())
                .endsWith("'flush.count'=10)");
        assertThat(bed.progress).anyMatch(l -> l.startsWith("update of connector northwind-orders-sink: UPDATE_COMPLETE"));
        String sinkArn = bed.msk.listConnectors(r -> r.connectorNamePrefix("northwind-orders-sink")).connectors().get(0).connectorArn();
        assertThat(bed.msk.describeConnector(r -> r.connectorArn(sinkArn)).connectorConfiguration().get("connect.s3.kcql"))
                .endsWith("'flush.count'=10)");
        assertThat(bed.api.operationNames()).doesNotContain("DeleteConnector");
    }

    @Test
    void aCapacityChangeIsAnInPlaceUpdateOfTheWorkerSetting() throws IOException {
        bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true);
        Pipeline bigger = TestBed.awsPipeline("provisioned: {mcuCount: 1, workerCount: 1}", "provisioned: {mcuCount: 2, workerCount: 3}");

        assertThat(bed.deployer().apply(bigger, "aws", null, bed.workDir, true)).extracting(Change::toString)
                .contains("updated connector northwind-orders-source", "updated connector northwind-orders-sink");

        List<Call> updates = bed.api.calls().stream().filter(c -> c.operation().equals("UpdateConnector")).toList();
        assertThat(updates).hasSize(2).allSatisfy(c -> {
            assertThat(c.body().get("capacity").get("provisionedCapacity").get("workerCount").asInt()).isEqualTo(3);
            assertThat(c.body().has("connectorConfiguration")).isFalse();
        });
        assertThat(bed.deployer().status(bigger)).allSatisfy(l -> assertThat(l).contains(": RUNNING, 3 worker(s) x 2 MCU")
                .contains("latest operation UPDATE_WORKER_SETTING UPDATE_COMPLETE"));
    }

    @Test
    void whatMskConnectCannotChangeInPlaceReplacesTheConnectorAndThePlanSaysSoFirst() throws IOException {
        bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true);
        Pipeline newRole = TestBed.awsPipeline("role/cdc-lake-connect", "role/cdc-lake-connect-v2");

        String plan = bed.deployer().plan(newRole, "aws", null, bed.workDir).plan().render();
        assertThat(plan).contains("-/+ connector northwind-orders-source: replace", "-/+ connector northwind-orders-sink: replace",
                "MSK Connect cannot change these in place",
                "service execution role: arn:aws:iam::123456789012:role/cdc-lake-connect -> arn:aws:iam::123456789012:role/cdc-lake-connect-v2");

        assertThat(bed.deployer().apply(newRole, "aws", null, bed.workDir, true)).extracting(Change::toString)
                .contains("replaced connector northwind-orders-source", "replaced connector northwind-orders-sink");
        List<String> ops = bed.api.operationNames();
        assertThat(ops.lastIndexOf("DeleteConnector")).isLessThan(ops.lastIndexOf("CreateConnector"));
        assertThat(bed.api.connectorNames()).containsExactlyInAnyOrder("northwind-orders-source", "northwind-orders-sink");
        bed.msk.listConnectors(r -> { }).connectors().forEach(c -> assertThat(bed.msk.describeConnector(r -> r.connectorArn(c.connectorArn()))
                .serviceExecutionRoleArn()).endsWith("role/cdc-lake-connect-v2"));
    }

    @Test
    void aNewPluginZipIsAnInPlaceUpdateOfItsConnectorAndTheOldPluginIsDeletedOnceUnused() throws IOException {
        Pipeline pipeline = TestBed.awsPipeline();
        List<Change> first = bed.deployer().apply(pipeline, "aws", null, bed.workDir, true);
        String oldSink = plugin(first, "sink");
        Path newSinkZip = withExtraEntry(PluginSources.fromSystemProperties(bed.workDir).sink(
                pipeline.environment("aws").msk().plugins().sink()).zip(), dir.resolve("sink-v2.zip"));
        MskConnectDeployer newer = bed.deployerBuilder()
                .pluginSources(w -> PluginSources.fromSystemProperties().workDir(w).sinkZip(newSinkZip).build()).build();

        String plan = newer.plan(pipeline, "aws", null, bed.workDir).plan().render();
        assertThat(plan).contains("~   connector northwind-orders-sink: update in place",
                        "custom plugin (UpdateConnector): " + oldSink + " (revision 1) -> northwind-orders-sink-")
                .contains("=   connector northwind-orders-source: no change", "-   custom plugin " + oldSink + ": delete")
                .doesNotContain("-/+");
        List<Change> second = newer.apply(pipeline, "aws", null, bed.workDir, true);

        assertThat(second).extracting(Change::toString).contains("updated connector northwind-orders-sink",
                "unchanged connector northwind-orders-source", "deleted custom plugin " + oldSink);
        assertThat(bed.api.operationNames()).doesNotContain("DeleteConnector").filteredOn("CreateConnector"::equals).hasSize(2);
        Call update = bed.api.calls().stream().filter(c -> c.operation().equals("UpdateConnector")).findFirst().orElseThrow();
        String newPlugin = plugin(second, "sink");
        assertThat(update.body().get("plugins").get(0).get("customPlugin").get("customPluginArn").asText()).contains("/" + newPlugin + "/");
        assertThat(bed.progress).anyMatch(l -> l.startsWith("update of connector northwind-orders-sink: UPDATE_COMPLETE"));
        assertThat(bed.deployer().status(pipeline).get(1)).contains("plugin " + newPlugin + " (revision 1)");
        assertThat(bed.api.pluginNames()).doesNotContain(oldSink).hasSize(2);
        assertThat(bed.pluginObjects()).hasSize(3);
    }

    @Test
    void newWorkerPropertiesAreAnInPlaceUpdateOfBothConnectorsWorkerConfiguration() throws IOException {
        List<Change> first = bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true);
        String oldWorker = first.get(2).name();
        Pipeline changed = TestBed.awsPipeline("config.providers.secretsmanager.param.region: ap-southeast-2",
                "config.providers.secretsmanager.param.region: ap-southeast-2\n        offset.flush.interval.ms: \"10000\"");

        String plan = bed.deployer().plan(changed, "aws", null, bed.workDir).plan().render();
        assertThat(plan).contains("+   worker configuration northwind-orders-worker-",
                "worker configuration (UpdateConnector): " + oldWorker + " (revision 1) -> northwind-orders-worker-",
                "-   worker configuration " + oldWorker + ": delete", "Plan: 1 to create, 2 to update in place, 0 to replace, 1 to delete.");
        List<Change> applied = bed.deployer().apply(changed, "aws", null, bed.workDir, true);

        assertThat(applied).extracting(Change::toString).contains("updated connector northwind-orders-source",
                "updated connector northwind-orders-sink", "deleted worker configuration " + oldWorker);
        List<Call> updates = bed.api.calls().stream().filter(c -> c.operation().equals("UpdateConnector")).toList();
        assertThat(updates).hasSize(2).allSatisfy(c -> assertThat(c.body().fieldNames()).toIterable().containsExactly("workerConfiguration"));
        assertThat(bed.api.workerConfigurationNames()).hasSize(1).doesNotContain(oldWorker);
        assertThat(bed.deployer().plan(changed, "aws", null, bed.workDir).plan().hasChanges()).isFalse();
    }

    @Test
    void anApplyStoppedHalfWayIsFinishedByTheNextOne() throws IOException {
        bed.close();
        bed = new TestBed(dir.resolve("slow"), 60);
        Pipeline pipeline = TestBed.awsPipeline();

        assertThatThrownBy(() -> bed.deployerBuilder().timeout(Duration.ofMillis(50)).build()
                .apply(pipeline, "aws", null, bed.workDir, true))
                .hasMessageContaining("did not finish within").hasMessageContaining("run apply again");
        assertThat(bed.api.pluginNames()).hasSize(1);

        List<Change> resumed = bed.deployer().apply(pipeline, "aws", null, bed.workDir, true);

        assertThat(bed.progress).contains("waiting for resources a previous apply left in progress");
        assertThat(resumed).extracting(Change::action).containsExactly("unchanged", "created", "created", "created", "created");
        assertThat(bed.api.operationNames().stream().filter("CreateCustomPlugin"::equals)).hasSize(2);
        assertThat(bed.api.connectorNames()).hasSize(2);
    }

    @Test
    void anApplyWaitsForConnectorsAnotherOneLeftCreatingBeforeUpdatingThem() throws IOException {
        bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, false);

        List<Change> next = bed.deployer().apply(TestBed.awsPipeline("count: 50", "count: 20"), "aws", null, bed.workDir, true);

        assertThat(next).extracting(Change::toString).contains("updated connector northwind-orders-sink");
        assertThat(bed.progress).anyMatch(l -> l.startsWith("connector northwind-orders-sink: RUNNING after"));
    }

    @Test
    void destroyDeletesOnlyWhatCarriesThePipelinesTag() throws IOException {
        Pipeline pipeline = TestBed.awsPipeline();
        bed.deployer().apply(pipeline, "aws", null, bed.workDir, true);
        bed.api.createForeignConnector("someone-elses-connector", Map.of("team", "payments"));
        bed.api.createForeignConnector("northwind-orders-archive", Map.of(MskConnectDeployer.OWNER_TAG, "another-pipeline"));

        List<Change> deleted = bed.deployer().destroy(pipeline);

        assertThat(deleted).extracting(Change::action).containsOnly("deleted");
        assertThat(deleted).extracting(Change::resource).containsExactly("connector", "connector", "custom plugin",
                "custom plugin", "worker configuration");
        assertThat(bed.api.connectorNames()).containsExactlyInAnyOrder("someone-elses-connector", "northwind-orders-archive");
        assertThat(bed.api.pluginNames()).isEmpty();
        assertThat(bed.api.workerConfigurationNames()).isEmpty();
        assertThat(bed.deployer().destroy(pipeline)).isEmpty();
    }

    @Test
    void aConnectorNameTakenByAnotherOwnerIsRefusedBeforeAnyChange() throws IOException {
        bed.api.createForeignConnector("northwind-orders-sink", Map.of(MskConnectDeployer.OWNER_TAG, "another-pipeline"));

        assertThatThrownBy(() -> bed.deployer().apply(TestBed.awsPipeline(), "aws", null, bed.workDir, true))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("connector northwind-orders-sink: a connector of that name exists")
                .hasMessageContaining("is not tagged cdclake:pipeline=northwind-orders");
        assertThat(bed.api.mutatingCalls()).isEmpty();
        assertThat(bed.pluginObjects()).isEmpty();
    }

    @Test
    void aFailedConnectorShowsMskConnectsReasonAndIsReplacedByTheNextApply() throws IOException {
        Pipeline pipeline = TestBed.awsPipeline();
        bed.api.failConnector("northwind-orders-sink", "INVALID_CONFIG", "Connector class io.cdclake.s3sink.S3SinkConnector could not be loaded");

        assertThatThrownBy(() -> bed.deployer().apply(pipeline, "aws", null, bed.workDir, true))
                .hasMessage("connector northwind-orders-sink is FAILED: INVALID_CONFIG: Connector class"
                        + " io.cdclake.s3sink.S3SinkConnector could not be loaded");
        assertThat(bed.deployer().status(pipeline)).satisfiesExactly(
                source -> assertThat(source).startsWith("northwind-orders-source: RUNNING, 1 worker(s) x 1 MCU, Kafka Connect 3.7.x"),
                sink -> assertThat(sink).startsWith("northwind-orders-sink: FAILED")
                        .endsWith("INVALID_CONFIG: Connector class io.cdclake.s3sink.S3SinkConnector could not be loaded"));
        Plan plan = bed.deployer().plan(pipeline, "aws", null, bed.workDir).plan();
        assertThat(plan.changes()).filteredOn(c -> c.name().equals("northwind-orders-sink"))
                .singleElement().satisfies(c -> assertThat(c.action()).isEqualTo(Action.REPLACE));
    }

    private static String plugin(List<Change> changes, String role) {
        return changes.stream().filter(c -> c.resource().equals("custom plugin") && c.name().contains("-" + role + "-"))
                .findFirst().orElseThrow().name();
    }

    private static Path withExtraEntry(Path zip, Path copy) throws IOException {
        try (ZipFile in = new ZipFile(zip.toFile()); ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy))) {
            for (ZipEntry e : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(e.getName()));
                in.getInputStream(e).transferTo(out);
                out.closeEntry();
            }
            out.putNextEntry(new ZipEntry("CHANGES.txt"));
            out.write("a newer build of the sink".getBytes());
            out.closeEntry();
        }
        return copy;
    }
}
