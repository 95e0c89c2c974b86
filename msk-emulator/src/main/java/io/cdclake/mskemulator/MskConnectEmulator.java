package io.cdclake.mskemulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cdclake.mskemulator.api.ApiServer;
import io.cdclake.mskemulator.api.SigV4Verifier;
import io.cdclake.mskemulator.runtime.ConnectorRuntimeException;
import io.cdclake.mskemulator.runtime.PluginInstaller;
import io.cdclake.mskemulator.runtime.WorkerGroups;
import io.cdclake.mskemulator.service.MskConnectService;
import io.cdclake.mskemulator.state.ResourceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local Amazon MSK Connect: the service's REST-JSON API (the {@code /v1/...} operations the AWS SDK v2
 * {@code kafkaconnect} client calls) on a local port, SigV4-authenticated against the configured credentials. Each
 * connector runs on its own Kafka Connect worker group in this JVM, with plugins read from the configured S3
 * server. State survives restarts through the data directory.
 *
 * <pre>{@code
 * try (MskConnectEmulator msk = MskConnectEmulator.builder()
 *         .dataDirectory(dir).credentials("AKID", "secret").s3Endpoint(s3.endpoint()).start()) {
 *     KafkaConnectClient client = KafkaConnectClient.builder().endpointOverride(msk.endpoint())
 *             .region(Region.of(msk.region())).credentialsProvider(...).build();
 * }
 * }</pre>
 */
public final class MskConnectEmulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MskConnectEmulator.class);

    private final Path dataDirectory;
    private final InetAddress bindAddress;
    private final String region;
    private final String accountId;
    private final S3Client s3;
    private final WorkerGroups workerGroups;
    private final MskConnectService service;
    private final ApiServer server;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MskConnectEmulator(Builder settings) {
        this.dataDirectory = settings.dataDirectory;
        this.bindAddress = settings.bindAddress;
        this.region = settings.region;
        this.accountId = settings.accountId;
        long started = System.nanoTime();
        ObjectMapper json = json();
        Path data = settings.dataDirectory.toAbsolutePath();
        ResourceStore store = ResourceStore.open(data.resolve("state.json"), json);
        this.s3 = S3Client.builder()
                .endpointOverride(settings.s3Endpoint)
                .region(Region.of(settings.region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.s3AccessKeyId != null ? settings.s3AccessKeyId : settings.accessKeyId,
                        settings.s3SecretAccessKey != null ? settings.s3SecretAccessKey : settings.secretAccessKey)))
                .forcePathStyle(true)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        this.workerGroups = new WorkerGroups();
        this.service = new MskConnectService(store, settings.region, settings.accountId, json,
                new PluginInstaller(s3, data.resolve("plugins")), workerGroups, data.resolve("logs"),
                Clock.systemUTC(), settings.connectorStartTimeout);
        try {
            this.server = new ApiServer(settings.bindAddress, settings.port,
                    new SigV4Verifier(settings.accessKeyId, settings.secretAccessKey, settings.region, Clock.systemUTC()),
                    service.handlers(), json);
        } catch (RuntimeException e) {
            service.close();
            s3.close();
            throw e;
        }
        service.resume();
        log.info("MSK Connect emulator listening on {} (region {}, account {}), data in {}, {} custom plugin(s),"
                        + " {} connector(s) known, started in {} ms", endpoint(), region, accountId, data,
                store.customPlugins().size(), store.connectors().size(), (System.nanoTime() - started) / 1_000_000);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The API endpoint, for the SDK's {@code endpointOverride} or the CLI's {@code --endpoint-url}. */
    public URI endpoint() {
        InetAddress host = bindAddress.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : bindAddress;
        try {
            return new URI("http", null, host.getHostAddress(), port(), null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("no URI for " + host + ":" + port(), e);
        }
    }

    public int port() {
        return server.port();
    }

    public String region() {
        return region;
    }

    public String accountId() {
        return accountId;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /**
     * Stops every connector's worker group, as a crash of MSK Connect's workers would; the connectors keep their
     * state in the API. For fault runs, which then start them again with {@link #startWorkerGroups()}.
     */
    public void stopWorkerGroups() {
        workerGroups.stopAll();
    }

    /** Starts the worker groups {@link #stopWorkerGroups()} stopped, each resuming its connector from its offsets. */
    public void startWorkerGroups() throws ConnectorRuntimeException {
        workerGroups.startStopped();
    }

    /** Stops the API and every worker group. Plugins and connectors stay recorded for the next start. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        server.close();
        service.close();
        s3.close();
        log.info("MSK Connect emulator on port {} stopped", port());
    }

    private static ObjectMapper json() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // newer SDKs send members this emulator does not model; AWS ignores what it does not know too
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** Settings of the emulator; {@link #start()} validates them and starts it. */
    public static final class Builder {

        private Path dataDirectory;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port;
        private String region = "us-east-1";
        private String accountId = "000000000000";
        private String accessKeyId;
        private String secretAccessKey;
        private URI s3Endpoint;
        private String s3AccessKeyId;
        private String s3SecretAccessKey;
        private Duration connectorStartTimeout = Duration.ofMinutes(3);

        private Builder() {
        }

        /** Required. Where the state file, unpacked plugins and connector logs live; reused on restart. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** The address to listen on; default the loopback address. */
        public Builder bindAddress(InetAddress bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        /** The port to listen on; default 0, a free port chosen at start ({@link #port()} tells which). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The region in ARNs and in the SigV4 credential scope requests must carry; default us-east-1. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The 12-digit account id in ARNs; default 000000000000. */
        public Builder accountId(String accountId) {
            this.accountId = accountId;
            return this;
        }

        /** Required. The only credentials whose SigV4 signatures the API accepts; also used for S3 unless set apart. */
        public Builder credentials(String accessKeyId, String secretAccessKey) {
            this.accessKeyId = accessKeyId;
            this.secretAccessKey = secretAccessKey;
            return this;
        }

        /** Required. The S3 server custom plugin files are read from (path-style access). */
        public Builder s3Endpoint(URI s3Endpoint) {
            this.s3Endpoint = s3Endpoint;
            return this;
        }

        /** The credentials for the S3 server, when they differ from {@link #credentials}. */
        public Builder s3Credentials(String accessKeyId, String secretAccessKey) {
            this.s3AccessKeyId = accessKeyId;
            this.s3SecretAccessKey = secretAccessKey;
            return this;
        }

        /** How long a connector may take to run (worker group up, connector and tasks RUNNING); default 3 minutes. */
        public Builder connectorStartTimeout(Duration connectorStartTimeout) {
            this.connectorStartTimeout = connectorStartTimeout;
            return this;
        }

        public MskConnectEmulator start() {
            require(dataDirectory != null, "dataDirectory is required: give the directory for the emulator's state");
            require(bindAddress != null, "bindAddress must not be null: leave it unset for the loopback address");
            require(port >= 0 && port <= 65535, "port " + port + " is invalid: use 1-65535, or 0 for a free port");
            require(region != null && region.matches("[a-z]{2}(-[a-z]+)+-\\d"),
                    "region '" + region + "' is invalid: use an AWS region name such as eu-west-1");
            require(accountId != null && accountId.matches("\\d{12}"),
                    "accountId '" + accountId + "' is invalid: use 12 digits");
            require(accessKeyId != null && !accessKeyId.isBlank() && secretAccessKey != null && !secretAccessKey.isEmpty(),
                    "credentials are required: give the access key id and secret access key clients sign with");
            require(s3Endpoint != null && s3Endpoint.getScheme() != null,
                    "s3Endpoint is required: give the URL of the S3 server holding the custom plugin files");
            require((s3AccessKeyId == null) == (s3SecretAccessKey == null) && !"".equals(s3AccessKeyId),
                    "s3Credentials need both an access key id and a secret access key");
            require(connectorStartTimeout != null && !connectorStartTimeout.isNegative() && !connectorStartTimeout.isZero(),
                    "connectorStartTimeout " + connectorStartTimeout + " is invalid: give a positive duration");
            return new MskConnectEmulator(this);
        }

        private static void require(boolean condition, String message) {
            if (!condition) {
                throw new IllegalArgumentException(message);
            }
        }

        @Override
        public String toString() {
            return "MskConnectEmulator.Builder[dataDirectory=" + dataDirectory + ", port=" + port + ", region=" + region
                    + ", accountId=" + accountId + ", s3Endpoint=" + s3Endpoint + "]";
        }
    }
}
