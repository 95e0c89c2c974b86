package io.cdclake.deploy;

import io.cdclake.core.model.Pipeline;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SourceConnections;
import io.cdclake.core.target.Target;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
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
 * S3 server and database) or AWS. The same code path in both cases; only the endpoints differ. The sink's bucket is
 * read where the runtime's sink writes, which need not be where the emulator keeps its plugins.
 */
public final class MskConnectTarget implements Target {

    private final Pipeline pipeline;
    private final String environment;
    private final RuntimeBindings bindings;
    private final AwsClients clients;
    private final S3Client sinkS3;
    private final MskConnectDeployer deployer;
    private final Path workDir;
    private final boolean deleteOnClose;

    /**
     * A local MSK Connect emulator.
     *
     * @param api         its MSK Connect API endpoint
     * @param pluginStore the S3 server it reads custom plugins from
     * @param accessKey   the key both take, a local one
     */
    public record Emulator(URI api, URI pluginStore, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Emulator[" + api + ", plugins in " + pluginStore + "]";
        }
    }

    /**
     * A target on the MSK Connect emulator of a local runtime; the sink's S3 and the database from {@code
     * bindings}, whose S3 keys, when absent, are the default chain's.
     */
    public static MskConnectTarget emulated(Emulator emulator, Pipeline pipeline, String environment,
                                            RuntimeBindings bindings, Path workDir, Consumer<String> progress,
                                            boolean deleteOnClose) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(emulator.accessKey(), emulator.secretKey()));
        Region region = Region.of(Objects.requireNonNullElse(pipeline.environment(environment).region(), bindings.s3Region()));
        AwsClients clients = AwsClients.open(new AwsClients.Settings(region, credentials, emulator.api(),
                emulator.pluginStore(), false));
        AwsCredentialsProvider sinkCredentials = bindings.s3AccessKey() == null
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(bindings.s3AccessKey(), bindings.s3SecretKey()));
        S3Client sinkS3 = AwsClients.s3(Region.of(bindings.s3Region()), sinkCredentials, URI.create(bindings.s3Endpoint()));
        return new MskConnectTarget(pipeline, environment, bindings, clients, sinkS3, workDir, progress, deleteOnClose);
    }

    private MskConnectTarget(Pipeline pipeline, String environment, RuntimeBindings bindings, AwsClients clients,
                             S3Client sinkS3, Path workDir, Consumer<String> progress, boolean deleteOnClose) {
        this.pipeline = pipeline;
        this.environment = environment;
        this.bindings = bindings;
        this.clients = clients;
        this.sinkS3 = sinkS3;
        this.workDir = workDir;
        this.deleteOnClose = deleteOnClose;
        // the emulator answers in milliseconds: ask often, so the local pipeline comes up without idle waits
        this.deployer = MskConnectDeployer.builder().mskConnect(clients.mskConnect()).s3(clients.s3()).progress(progress)
                .timeout(Duration.ofMinutes(5)).polling(Duration.ofMillis(250), Duration.ofSeconds(10)).build();
    }

    @Override
    public String name() {
        return "msk-connect";
    }

    @Override
    public void apply(Pipeline pipeline) {
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
        return sinkS3.listObjectsV2Paginator(r -> r.bucket(pipeline.sink().bucket()).prefix(prefix)).contents().stream()
                .filter(o -> !o.key().contains(".indexes/"))
                .map(o -> new SinkObject(o.key(), o.size())).toList();
    }

    @Override
    public String readObject(String key) {
        return sinkS3.getObject(r -> r.bucket(pipeline.sink().bucket()).key(key), ResponseTransformer.toBytes())
                .asString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            if (deleteOnClose) {
                deployer.destroy(pipeline);
            }
        } finally {
            clients.close();
            sinkS3.close();
        }
    }
}
