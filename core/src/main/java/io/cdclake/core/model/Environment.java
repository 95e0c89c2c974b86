package io.cdclake.core.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a pipeline runs and what differs there.
 * <ul>
 *   <li>{@code local}: the connectors run on the local runtime's Connect worker; the database, Kafka and S3
 *       endpoints and credentials are runtime bindings, never written in the file.</li>
 *   <li>{@code emulator}: the MSK Connect emulator of a running {@code ./cdclake up}; MSK Connect deployment
 *       settings with local values, the same runtime bindings.</li>
 *   <li>{@code aws}: MSK Connect on AWS; everything is in the file, the database password as a reference.</li>
 * </ul>
 *
 * @param kind     optional when the environment is named {@code local}, {@code emulator} or {@code aws}
 * @param region   AWS region of the bucket and of MSK Connect (local kinds: the runtime's when unset)
 * @param flush    overrides of the sink's flush policy
 * @param tuning   overrides of {@code debezium.tuning}, e.g. a short poll interval where latency matters more
 *                 than the cost of polling
 * @param database the source database as the connector reaches it; {@code aws} only
 * @param msk      the MSK Connect deployment; {@code emulator} and {@code aws} only
 * @param sourceContainer {@code local} only: the container image the local runtime starts the source PostgreSQL
 *                 from (Testcontainers, a Docker engine needed) instead of the embedded server, e.g. {@code postgres:17}
 * @param kafkaContainer {@code local} only: the container image, of the {@code apache/kafka} kind, the local runtime
 *                 starts Kafka from (Testcontainers) instead of the embedded broker, e.g. {@code apache/kafka:3.7.2}
 * @param s3       {@code local} only: the S3 the sink writes to instead of the embedded server; its region is this
 *                 environment's {@code region}
 */
public record Environment(Kind kind, String region, Flush flush, DebeziumSource.Tuning tuning, Database database,
                          MskConnect msk, String sourceContainer, String kafkaContainer, LocalS3 s3) {

    public enum Kind {
        LOCAL, EMULATOR, AWS;

        /** Whether database, Kafka and S3 come from a running local runtime rather than from the file. */
        public boolean runtimeBound() {
            return this != AWS;
        }

        /** Whether the connectors are deployed through the MSK Connect API. */
        public boolean mskConnect() {
            return this != LOCAL;
        }

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind an environment of this name has when it does not say, or null. */
        public static Kind ofName(String environmentName) {
            for (Kind k : values()) {
                if (k.yamlName().equals(environmentName)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * The source database endpoint. {@code password} is a reference, never the secret: {@code ${env:NAME}}
     * (Kafka's EnvVarConfigProvider) or a config-provider reference such as
     * {@code ${secretsmanager:<secret-arn>:password}}. {@link #toString()} leaves it out.
     */
    public record Database(String host, Integer port, String user, String password) {

        public static final int DEFAULT_PORT = 5432;

        public int effectivePort() {
            return port == null ? DEFAULT_PORT : port;
        }

        @Override
        public String toString() {
            return "Database[" + user + "@" + host + ":" + port + "]";
        }
    }

    /**
     * The local runtime's S3 when it is not the embedded server: any S3 endpoint (a MinIO, a LocalStack of the
     * user's, AWS S3) whose credentials come from the AWS SDK's usual places, or a LocalStack container.
     *
     * @param endpoint  the endpoint URL, e.g. {@code http://localhost:9000}
     * @param profile   the AWS profile whose credentials sign for {@code endpoint}; the SDK's default chain when null
     * @param container a LocalStack image the runtime starts (Testcontainers), e.g. {@code localstack/localstack:4.4}
     */
    public record LocalS3(String endpoint, String profile, String container) {

        /** What is wrong with {@code url} as an S3 endpoint, or null: one shape for the file and the command line. */
        public static String endpointProblem(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                return "is not a URL (" + e.getReason() + ")";
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                return "is not an http or https URL";
            }
            if (uri.getHost() == null) {
                return "names no host";
            }
            if (uri.getUserInfo() != null) {
                return "holds credentials, which belong in a profile or the environment";
            }
            if (uri.getQuery() != null || uri.getFragment() != null || (uri.getPath() != null
                    && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))) {
                return "has a path or query; the bucket is sink.bucket";
            }
            return null;
        }

        /**
         * Whether requests to {@code endpoint} name the bucket in the path: every S3-compatible server takes that,
         * while AWS S3 wants it in the host name. Anything that is not a URL (a preview's placeholder) counts as
         * local.
         */
        public static boolean pathStyle(String endpoint) {
            try {
                String host = new URI(endpoint).getHost();
                return host == null || !(host.endsWith(".amazonaws.com") || host.endsWith(".amazonaws.com.cn"));
            } catch (URISyntaxException e) {
                return true;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).region(region).flush(flush).tuning(tuning).database(database).msk(msk)
                .sourceContainer(sourceContainer).kafkaContainer(kafkaContainer).s3(s3);
    }

    public static final class Builder {
        private Kind kind;
        private String region;
        private Flush flush;
        private DebeziumSource.Tuning tuning;
        private Database database;
        private MskConnect msk;
        private String sourceContainer;
        private String kafkaContainer;
        private LocalS3 s3;

        public Builder kind(Kind kind) {
            this.kind = kind;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder flush(Flush flush) {
            this.flush = flush;
            return this;
        }

        public Builder tuning(DebeziumSource.Tuning tuning) {
            this.tuning = tuning;
            return this;
        }

        public Builder database(Database database) {
            this.database = database;
            return this;
        }

        public Builder msk(MskConnect msk) {
            this.msk = msk;
            return this;
        }

        public Builder sourceContainer(String sourceContainer) {
            this.sourceContainer = sourceContainer;
            return this;
        }

        public Builder kafkaContainer(String kafkaContainer) {
            this.kafkaContainer = kafkaContainer;
            return this;
        }

        public Builder s3(LocalS3 s3) {
            this.s3 = s3;
            return this;
        }

        public Environment build() {
            return new Environment(kind, region, flush, tuning, database, msk, sourceContainer, kafkaContainer, s3);
        }
    }
}
