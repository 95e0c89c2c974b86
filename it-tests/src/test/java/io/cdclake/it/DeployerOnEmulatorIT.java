package io.cdclake.it;

import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.deploy.MskConnectDeployer;
import io.cdclake.deploy.cli.DeployCommand;
import io.cdclake.local.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import picocli.CommandLine;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.kafkaconnect.model.ConnectorState;
import software.amazon.awssdk.services.kafkaconnect.model.DescribeConnectorResponse;
import software.amazon.awssdk.services.kafkaconnect.model.Plugin;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployer end to end against the MSK Connect emulator of a running local pipeline: a second apply changes
 * nothing, a configuration change goes through UpdateConnector and is live, status reports RUNNING, a connector
 * whose class its plugin lacks is FAILED with the reason in {@code deploy status}, and destroy leaves no
 * connector, custom plugin or worker configuration behind.
 */
class DeployerOnEmulatorIT {

    @TempDir
    Path dataDir;

    @Test
    void applyIsIdempotentUpdatesInPlaceAndDestroyLeavesNothing() throws Exception {
        try (LocalPipeline running = LocalTargets.mskConnect(dataDir)) {
            RuntimeBindings bindings = LocalPipeline.bindings(running.runtime());
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(bindings.s3AccessKey(), bindings.s3SecretKey()));
            Region region = Region.of("ap-southeast-2");
            List<String> progress = new ArrayList<>();
            try (KafkaConnectClient msk = KafkaConnectClient.builder().region(region).credentialsProvider(credentials)
                    .endpointOverride(running.runtime().mskConnect().orElseThrow().endpoint()).build();
                 S3Client s3 = S3Client.builder().region(region).credentialsProvider(credentials).forcePathStyle(true)
                         .endpointOverride(URI.create(bindings.s3Endpoint())).build()) {
                MskConnectDeployer deployer = new MskConnectDeployer(msk, s3, progress::add, Duration.ofMinutes(3));
                Pipeline pipeline = LocalTargets.PIPELINE;

                assertThat(deployer.apply(pipeline, "emulator", bindings, dataDir.resolve("zips")))
                        .as("a second apply").allSatisfy(c -> assertThat(c.action()).isEqualTo("unchanged"));

                Pipeline changed = pipeline.toBuilder()
                        .sink(pipeline.sink().toBuilder().flush(new Flush(5, 10, null)).build()).build();
                assertThat(deployer.apply(changed, "emulator", bindings, dataDir.resolve("zips")))
                        .extracting(MskConnectDeployer.Change::toString)
                        .contains("updated connector northwind-orders-sink", "unchanged connector northwind-orders-source");
                String liveKcql = msk.describeConnector(r -> r.connectorArn(connectorArn(msk, "northwind-orders-sink")))
                        .connectorConfiguration().get("connect.s3.kcql");
                assertThat(liveKcql).endsWith("'flush.count'=10)");
                deployer.awaitRunning("northwind-orders-sink", Duration.ofMinutes(2));
                assertThat(deployer.status(changed)).allSatisfy(line -> assertThat(line).contains(": RUNNING, 1 worker(s) x 1 MCU"));

                String sinkName = changed.sink().connectorName();
                DescribeConnectorResponse sink = msk.describeConnector(r -> r.connectorArn(connectorArn(msk, sinkName)));
                deployer.deleteConnectors(changed);
                assertThat(msk.listConnectors(r -> { }).connectors()).isEmpty();
                assertThat(deployer.status(changed)).allSatisfy(line -> assertThat(line).endsWith(": not deployed"));

                // The deployer's preflight refuses a class its plugin lacks, so create one by hand, as in the console.
                createWithConnectorClass(msk, sink, MISSING_CLASS, pipeline.name());
                await().atMost(Duration.ofMinutes(2)).until(() -> msk.describeConnector(r -> r.connectorArn(
                        connectorArn(msk, sinkName))).connectorState() == ConnectorState.FAILED);
                Cli status = deploy("status");
                assertThat(status.exitCode()).as(status.out()).isEqualTo(1);
                assertThat(status.out()).contains(sinkName + ": FAILED").contains(MISSING_CLASS);

                assertThat(msk.listCustomPlugins(r -> { }).customPlugins()).as("plugins before destroy").isNotEmpty();
                assertThat(msk.listWorkerConfigurations(r -> { }).workerConfigurations())
                        .as("worker configurations before destroy").isNotEmpty();
                Cli destroy = deploy("destroy");
                assertThat(destroy.exitCode()).as(destroy.out()).isZero();
                assertThat(msk.listConnectors(r -> { }).connectors()).isEmpty();
                assertThat(msk.listCustomPlugins(r -> { }).customPlugins()).isEmpty();
                assertThat(msk.listWorkerConfigurations(r -> { }).workerConfigurations()).isEmpty();
            }
        }
    }

    static final String MISSING_CLASS = "io.example.connectors.MissingSinkConnector";

    record Cli(int exitCode, String out) {
    }

    /** {@code ./cdclake deploy VERB --env emulator} against the running pipeline, as a user types it. */
    private Cli deploy(String verb) {
        StringWriter out = new StringWriter();
        CommandLine cli = DeployCommand.commandLine(new DeployCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        int code = cli.execute(verb, "--pipeline", LocalTargets.PIPELINE_FILE.toString(), "--env", "emulator",
                "--data-dir", dataDir.toString(), "--work-dir", dataDir.resolve("zips").toString());
        System.out.println("deploy " + verb + " -> " + code + "\n" + out);
        return new Cli(code, out.toString());
    }

    /** CreateConnector with everything of {@code like} but the connector class, tagged as the pipeline's own. */
    private static void createWithConnectorClass(KafkaConnectClient msk, DescribeConnectorResponse like,
                                                 String connectorClass, String pipelineName) {
        Map<String, String> config = new HashMap<>(like.connectorConfiguration());
        config.put("connector.class", connectorClass);
        var provisioned = like.capacity().provisionedCapacity();
        var kafka = like.kafkaCluster().apacheKafkaCluster();
        msk.createConnector(r -> r.connectorName(like.connectorName()).connectorConfiguration(config)
                .kafkaConnectVersion(like.kafkaConnectVersion())
                .serviceExecutionRoleArn(like.serviceExecutionRoleArn())
                .capacity(c -> c.provisionedCapacity(p -> p.mcuCount(provisioned.mcuCount())
                        .workerCount(provisioned.workerCount())))
                .kafkaCluster(k -> k.apacheKafkaCluster(a -> a.bootstrapServers(kafka.bootstrapServers())
                        .vpc(v -> v.subnets(kafka.vpc().subnets()).securityGroups(kafka.vpc().securityGroups()))))
                .kafkaClusterClientAuthentication(a -> a.authenticationType(
                        like.kafkaClusterClientAuthentication().authenticationType()))
                .kafkaClusterEncryptionInTransit(e -> e.encryptionType(
                        like.kafkaClusterEncryptionInTransit().encryptionType()))
                .plugins(like.plugins().stream().map(p -> Plugin.builder().customPlugin(c -> c
                        .customPluginArn(p.customPlugin().customPluginArn()).revision(p.customPlugin().revision()))
                        .build()).toList())
                .workerConfiguration(w -> w.workerConfigurationArn(like.workerConfiguration().workerConfigurationArn())
                        .revision(like.workerConfiguration().revision()))
                .tags(Map.of(MskConnectDeployer.OWNER_TAG, pipelineName)));
    }

    private static String connectorArn(KafkaConnectClient msk, String name) {
        return msk.listConnectors(l -> l.connectorNamePrefix(name)).connectors().get(0).connectorArn();
    }
}
