package io.cdclake.it;

import io.cdclake.embedded.S3Server;
import io.cdclake.local.S3Endpoint;
import io.cdclake.local.SinkBucket;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cdclake demo --s3-endpoint URL}: the article's walk-through with the sink writing to an S3 endpoint of
 * the user's, through Connect's REST API and through the MSK Connect emulator. The endpoint is a stand-in the test
 * starts (an S3 server on a port of its own, with keys of its own); the demo finds the keys where the AWS SDK's
 * default chain looks, in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, as it would for a MinIO or AWS S3.
 */
class S3EndpointIT {

    private static final String ACCESS_KEY = "stand-in-access";
    private static final String SECRET_KEY = "stand-in-secret-8814";
    private static final String BUCKET = "data-lake-demo-cevo";

    @TempDir
    Path dir;

    @ParameterizedTest(name = "via {0}")
    @ValueSource(strings = {"connect-rest", "msk-connect"})
    void theArticlesScenariosPassWithTheSinkWritingToAnotherS3(String via) throws Exception {
        try (S3Server standIn = S3Server.builder().dataDirectory(dir).accessKey(ACCESS_KEY).secretKey(SECRET_KEY)
                .region("us-east-1").start()) {
            String url = standIn.endpoint().toString();
            try (RunnerProcess demo = RunnerProcess.cli(Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY", SECRET_KEY), "demo", "--s3-endpoint", url, "--via", via)) {
                int code = demo.awaitExit(Duration.ofMinutes(8));

                String out = String.join("\n", demo.lines());
                assertThat(code).as(out).isZero();
                assertThat(out)
                        .contains("s3: the sink writes to " + BUCKET + " at " + url + " (us-east-1, the default chain)")
                        .contains("PASS  snapshot of datalake.cdc_events: 829 record(s)")
                        .contains("order-update: PASS", "order-insert: PASS", "PASS: every check passed")
                        .doesNotContain(SECRET_KEY);
            }
            try (SinkBucket bucket = new SinkBucket(S3Endpoint.local(standIn.endpoint(), "us-east-1", ACCESS_KEY,
                    SECRET_KEY), BUCKET)) {
                List<SinkBucket.Entry> update = bucket.list("cdc-events/customer_id=RATTC/order_id=11077/");
                assertThat(update).as("the order update's objects stay in the stand-in").isNotEmpty();
                assertThat(update.stream().mapToLong(e -> bucket.read(e.key()).lines().count()).sum())
                        .as("snapshot and update of order 11077").isEqualTo(2);
                assertThat(bucket.list("cdc-events/")).as("every order's snapshot, one object at least each")
                        .hasSizeGreaterThanOrEqualTo(829);
            }
        }
    }
}
