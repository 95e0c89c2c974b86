package io.cdclake.cli;

import io.cdclake.embedded.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options of {@code up} and {@code demo}: exit 2 with the option, the value and the fix, and nothing created. */
class LocalRunOptionsTest {

    private static final String SECRET = "stand-in-secret-5521";

    @TempDir
    Path dir;

    @Test
    void aJdbcUrlOfAnotherDatabaseIsBadUsage() {
        CliRun run = up("--jdbc-url", "jdbc:mysql://localhost:3306/devdb");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--jdbc-url: JDBC URL 'jdbc:mysql://localhost:3306/devdb'"
                + " is not a PostgreSQL URL; use jdbc:postgresql://HOST:PORT/DATABASE");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing created").isFalse();
    }

    @Test
    void aPasswordThatTheEmulatorWouldStoreIsRefused() throws Exception {
        CliRun run = upWithBundledPlugins("--pipeline", "../pipelines/northwind-orders.yaml", "--via", "msk-connect",
                "--jdbc-url", "jdbc:postgresql://localhost:5432/devdb?password=pw-1");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--via msk-connect would store the --jdbc-url user's"
                + " password in the emulator's files; use --via connect-rest, or a database user without a password"
                + " (trust authentication)");
        assertThat(run.err()).doesNotContain("pw-1");
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    @Test
    void aSourceContainerBesideAJdbcUrlIsBadUsage() throws Exception {
        CliRun run = upWithBundledPlugins("--pipeline", "../pipelines/northwind-orders.yaml", "--source-container",
                "postgres:17", "--jdbc-url", "jdbc:postgresql://localhost:5432/devdb");
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--source-container and --jdbc-url both name the source"
                + " database; give one of them");
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    @Test
    void aBlankSourceContainerImageIsBadUsage() {
        CliRun run = up("--source-container", " ");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--source-container needs an image name, e.g. postgres:17");
    }

    @Test
    void aBlankKafkaContainerImageIsBadUsage() {
        CliRun run = up("--kafka-container", "");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--kafka-container needs an image name, e.g."
                + " apache/kafka:3.7.2");
        assertThat(Files.exists(dir.resolve("data"))).as("nothing created").isFalse();
    }

    @Test
    void aPluginDirThatIsNoDirectoryIsBadUsage() {
        CliRun run = up("--plugin-dir", dir.resolve("no-such-dir").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--plugin-dir " + dir.resolve("no-such-dir")
                + " is not a directory; give a directory holding Connect plugins");
    }

    @Test
    void aTimeoutBelowOneSecondIsBadUsage() {
        CliRun run = CliRun.cdclake("demo", "--timeout", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--timeout 0 must be at least 1 second");
    }

    @Test
    void anS3EndpointThatIsNoUrlIsBadUsage() {
        CliRun run = up("--s3-endpoint", "localhost:9000");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--s3-endpoint localhost:9000 is not an http or https URL;"
                + " give the endpoint URL, e.g. http://localhost:9000");
    }

    @Test
    void anS3RegionThatIsNoRegionIsBadUsage() {
        CliRun run = up("--s3-region", "Sydney");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains("--s3-region Sydney is not a region code; give one such as"
                + " eu-west-1");
    }

    @Test
    void twoS3sAndS3OptionsWithoutAnEndpointAreBadUsage() throws Exception {
        assertBadUsage("--s3-endpoint and --s3-container both name the sink's S3; give one of them",
                "--s3-endpoint", "http://127.0.0.1:9000", "--s3-container");
        assertBadUsage("--s3-profile applies to an S3 endpoint; add --s3-endpoint URL", "--s3-profile", "minio");
        assertBadUsage("--s3-region applies to an S3 endpoint; add --s3-endpoint URL", "--s3-container",
                "--s3-region", "eu-west-1");
        assertBadUsage("--s3-profile minio with --via msk-connect: the emulator's workers sign with the default"
                + " chain, as MSK Connect's use the execution role; run with AWS_PROFILE=minio instead of"
                + " --s3-profile", "--s3-endpoint", "http://127.0.0.1:9000", "--s3-profile", "minio", "--via",
                "msk-connect");
    }

    @Test
    void anUnknownProfileAnUnreachableEndpointAndRefusedKeysEachEndInOneLineBeforeAnythingStarts() throws Exception {
        try (S3Server s3 = S3Server.builder().dataDirectory(dir.resolve("s3")).accessKey("stand-in")
                .secretKey(SECRET).region("us-east-1").start();
             AwsProfiles profiles = new AwsProfiles(dir, "[stand-in]\naws_access_key_id = stand-in\n"
                     + "aws_secret_access_key = " + SECRET + "\n[wrong]\naws_access_key_id = stand-in\n"
                     + "aws_secret_access_key = not-the-secret\n")) {
            int closed;
            try (ServerSocket socket = new ServerSocket(0)) {
                closed = socket.getLocalPort();
            }
            assertFails("--s3-profile nope: the AWS config files give no credentials for it; add them with 'aws"
                    + " configure --profile nope', or name another profile", "--s3-endpoint", s3.endpoint().toString(),
                    "--s3-profile", "nope");
            assertFails("--s3-endpoint http://127.0.0.1:" + closed + " does not answer (Connection refused); start"
                    + " the S3 server, or fix the URL", "--s3-endpoint", "http://127.0.0.1:" + closed, "--s3-profile",
                    "stand-in");
            assertFails("--s3-endpoint " + s3.endpoint() + " refused the credentials of profile wrong for bucket"
                    + " data-lake-demo-cevo (403); give credentials that may use it (AWS_ACCESS_KEY_ID and"
                    + " AWS_SECRET_ACCESS_KEY, or --s3-profile), or another sink.bucket", "--s3-endpoint",
                    s3.endpoint().toString(), "--s3-profile", "wrong");
        }
    }

    @Test
    void aBucketHoldingAnEarlierRunsObjectsIsNotWrittenBeside() throws Exception {
        try (S3Server s3 = S3Server.builder().dataDirectory(dir.resolve("s3")).accessKey("stand-in")
                .secretKey(SECRET).region("us-east-1").start();
             AwsProfiles profiles = new AwsProfiles(dir, "[stand-in]\naws_access_key_id = stand-in\n"
                     + "aws_secret_access_key = " + SECRET + "\n");
             S3Client client = S3Client.builder().endpointOverride(s3.endpoint()).forcePathStyle(true)
                     .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
                             AwsBasicCredentials.create("stand-in", SECRET))).build()) {
            client.createBucket(b -> b.bucket("data-lake-demo-cevo"));
            client.putObject(b -> b.bucket("data-lake-demo-cevo").key("cdc-events/customer_id=RATTC/x.json"),
                    RequestBody.fromString("{}"));
            assertFails("--s3-endpoint " + s3.endpoint() + ": bucket data-lake-demo-cevo already holds"
                    + " cdc-events/customer_id=RATTC/x.json of an earlier run, and a new stream would write beside it;"
                    + " empty s3://data-lake-demo-cevo/cdc-events/, or give another sink.bucket", "--s3-endpoint",
                    s3.endpoint().toString(), "--s3-profile", "stand-in");
        }
    }

    private void assertBadUsage(String message, String... options) throws Exception {
        CliRun run = upWithBundledPlugins(withPipeline(options));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err().lines().findFirst()).contains(message);
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    /** A failure of {@code up}: exit 1, one line, no secret in it, and nothing started. */
    private void assertFails(String message, String... options) throws Exception {
        CliRun run = upWithBundledPlugins(withPipeline(options));
        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + message + System.lineSeparator()).doesNotContain(SECRET);
        assertThat(Files.exists(dir.resolve("data/kafka"))).as("nothing started").isFalse();
    }

    private static String[] withPipeline(String... options) {
        String[] args = new String[options.length + 2];
        args[0] = "--pipeline";
        args[1] = "../pipelines/northwind-orders.yaml";
        System.arraycopy(options, 0, args, 2, options.length);
        return args;
    }

    /** AWS profiles in a file of the test's, where the AWS SDK looks while it is open. */
    private static final class AwsProfiles implements AutoCloseable {
        private static final List<String> PROPERTIES = List.of("aws.sharedCredentialsFile", "aws.configFile");
        private final Map<String, String> previous = new HashMap<>();

        AwsProfiles(Path dir, String credentials) throws Exception {
            Path file = Files.writeString(dir.resolve("aws-credentials"), credentials);
            Path config = Files.writeString(dir.resolve("aws-config"), "");
            for (String property : PROPERTIES) {
                previous.put(property, System.getProperty(property));
            }
            System.setProperty("aws.sharedCredentialsFile", file.toString());
            System.setProperty("aws.configFile", config.toString());
        }

        @Override
        public void close() {
            previous.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }

    /** {@code up} past its start's check of the bundled plugins (an empty directory here). */
    private CliRun upWithBundledPlugins(String... options) throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        String bundled = System.setProperty("cdclake.plugins", plugins.toString());
        try {
            return up(options);
        } finally {
            if (bundled == null) {
                System.clearProperty("cdclake.plugins");
            } else {
                System.setProperty("cdclake.plugins", bundled);
            }
        }
    }

    private CliRun up(String... options) {
        String[] args = new String[options.length + 3];
        args[0] = "up";
        args[1] = "--data-dir";
        args[2] = dir.resolve("data").toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return CliRun.cdclake(args);
    }
}
