package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SourceConnections;
import io.cdclake.core.target.Target;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kafkaconnect.KafkaConnectClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A pipeline deployed to MSK Connect by the deployer: against the local emulator (endpoint override, the local
 * S3 server and database) or AWS. The same code path in both cases; only the endpoints differ.
 */
public final class MskConnectTarget implements Target {

    private final Pipeline pipeline;
    private final String environment;
    private final RuntimeBindings bindings;
    private final KafkaConnectClient msk;
    private final S3Client s3;
    private final MskConnectDeployer deployer;
    private final Path workDir;
    private final boolean deleteOnClose;

    /**
     * A target on the MSK Connect emulator of a local runtime: its endpoint, and the runtime's S3 server and
     * database from {@code bindings}.
     */
    public static MskConnectTarget emulated(URI mskConnectEndpoint, Pipeline pipeline, String environment,
                                            RuntimeBindings bindings, Path workDir, Consumer<String> progress,
                                            boolean deleteOnClose) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(bindings.s3AccessKey(), bindings.s3SecretKey()));
        Region region = Region.of(Objects.requireNonNullElse(pipeline.environment(environment).region(), bindings.s3Region()));
        KafkaConnectClient msk = KafkaConnectClient.builder().endpointOverride(mskConnectEndpoint).region(region)
                .credentialsProvider(credentials).build();
        S3Client s3 = S3Client.builder().endpointOverride(URI.create(bindings.s3Endpoint())).forcePathStyle(true)
                // the local S3 server over plain http mishandles aws-chunked uploads now and then
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .region(region).credentialsProvider(credentials).build();
        return new MskConnectTarget(pipeline, environment, bindings, msk, s3, workDir, progress, deleteOnClose);
    }

    private MskConnectTarget(Pipeline pipeline, String environment, RuntimeBindings bindings, KafkaConnectClient msk,
                             S3Client s3, Path workDir, Consumer<String> progress, boolean deleteOnClose) {
        this.pipeline = pipeline;
        this.environment = environment;
        this.bindings = bindings;
        this.msk = msk;
        this.s3 = s3;
        this.workDir = workDir;
        this.deleteOnClose = deleteOnClose;
        this.deployer = new MskConnectDeployer(msk, s3, progress, Duration.ofMinutes(5));
    }

    @Override
    public String name() {
        return "msk-connect";
    }

    @Override
    public void apply(Pipeline pipeline) {
        String bucket = pipeline.environment(environment).msk().pluginBucket().bucket();
        if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(bucket))) {
            s3.createBucket(r -> r.bucket(bucket));
        }
        deployer.apply(pipeline, environment, bindings, workDir);
    }

    @Override
    public void awaitRunning(Duration timeout) {
        deployer.awaitRunning(pipeline.debezium().connectorName(), timeout);
        deployer.awaitRunning(pipeline.sink().connectorName(), timeout);
    }

    @Override
    public Connection openSourceConnection() throws SQLException {
        return SourceConnections.open(bindings, pipeline);
    }

    @Override
    public List<SinkObject> listObjects(String prefix) {
        return s3.listObjectsV2Paginator(r -> r.bucket(pipeline.sink().bucket()).prefix(prefix)).contents().stream()
                .filter(o -> !o.key().contains(".indexes/"))
                .map(o -> new SinkObject(o.key(), o.size())).toList();
    }

    @Override
    public String readObject(String key) {
        return s3.getObject(r -> r.bucket(pipeline.sink().bucket()).key(key), ResponseTransformer.toBytes())
                .asString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (deleteOnClose) {
                deployer.deleteConnectors(pipeline);
            }
        } finally {
            msk.close();
            s3.close();
        }
    }
}
