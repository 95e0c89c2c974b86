package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.yaml.PipelineYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Target the end-to-end suite runs the scenarios through, on the MSK Connect API and a real S3 server. */
class MskConnectTargetTest {

    @TempDir
    Path dir;

    @Test
    void appliesWaitsReadsTheSinkBucketAndTearsDownWhatItCreated() throws Exception {
        Pipeline pipeline = PipelineYaml.read(Path.of("..", "pipelines", "northwind-orders.yaml"));
        try (TestBed bed = new TestBed(dir)) {
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            RuntimeBindings bindings = RuntimeBindings.builder().databaseHost("127.0.0.1").databasePort(closedPort)
                    .databaseUser("postgres").databasePassword("").kafkaBootstrapServers("127.0.0.1:9092")
                    .s3Endpoint(bed.s3Server.endpoint().toString()).s3Region(TestBed.REGION)
                    .s3AccessKey(bed.s3Server.accessKey()).s3SecretKey(bed.s3Server.secretKey()).build();
            List<String> progress = new ArrayList<>();
            try (MskConnectTarget target = MskConnectTarget.emulated(new MskConnectTarget.Emulator(
                    bed.api.endpoint(), bed.s3Server.endpoint(), bed.s3Server.accessKey(), bed.s3Server.secretKey()),
                    pipeline, "emulator", bindings,
                    dir.resolve("zips"), progress::add, true)) {
                target.apply(pipeline);
                target.awaitRunning(Duration.ofSeconds(20));
                assertThat(bed.api.connectorNames()).containsExactly("northwind-orders-source", "northwind-orders-sink");
                assertThat(progress).contains("creating bucket cdclake-plugins on the local S3 server");

                String key = "cdc-events/customer_id=RATTC/order_id=11077/msk.datalake.cdc_events(0_829).json";
                bed.s3.putObject(r -> r.bucket("data-lake-demo-cevo").key(key), RequestBody.fromString("{\"order_id\":11077}\n"));
                bed.s3.putObject(r -> r.bucket("data-lake-demo-cevo").key(".indexes/northwind-orders-sink/x/0.json"), RequestBody.fromString("{}"));
                assertThat(target.listObjects("")).extracting(SinkObject::key).containsExactly(key);
                assertThat(target.readObject(key)).isEqualTo("{\"order_id\":11077}\n");
            }
            assertThat(bed.api.connectorNames()).isEmpty();
            assertThat(bed.api.pluginNames()).isEmpty();
            assertThat(bed.api.workerConfigurationNames()).isEmpty();
            assertThat(bed.api.violations()).isEmpty();
        }
    }
}
