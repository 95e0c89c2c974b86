package io.cdclake.it;

import io.cdclake.core.model.Flush;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.deploy.MskConnectDeployer;
import io.cdclake.local.LocalPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer end to end against the MSK Connect emulator of a running local pipeline: a second apply changes
 * nothing, a configuration change goes through UpdateConnector and is live, status reports RUNNING, and destroy
 * leaves no connector behind.
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
                String liveKcql = msk.describeConnector(r -> r.connectorArn(msk.listConnectors(l -> l
                        .connectorNamePrefix("northwind-orders-sink")).connectors().get(0).connectorArn()))
                        .connectorConfiguration().get("connect.s3.kcql");
                assertThat(liveKcql).endsWith("WITH_FLUSH_COUNT = 10");
                deployer.awaitRunning("northwind-orders-sink", Duration.ofMinutes(2));
                assertThat(deployer.status(changed)).allSatisfy(line -> assertThat(line).contains(": RUNNING, 1 worker(s) x 1 MCU"));

                deployer.deleteConnectors(changed);
                assertThat(msk.listConnectors(r -> { }).connectors()).isEmpty();
                assertThat(deployer.status(changed)).allSatisfy(line -> assertThat(line).endsWith(": not deployed"));
            }
        }
    }
}
