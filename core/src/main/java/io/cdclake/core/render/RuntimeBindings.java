package io.cdclake.core.render;

import io.cdclake.core.runtime.Endpoints;

import java.util.function.UnaryOperator;

/**
 * What a running local runtime supplies to {@code local} and {@code emulator} environments: how the connectors
 * reach the database, Kafka and S3. Without S3 keys the sink signs with the worker's default credentials chain (its
 * auth mode {@code Default}). {@link #toString()} leaves out the password and the secret key.
 */
public record RuntimeBindings(String databaseHost, Integer databasePort, String databaseUser, String databasePassword,
                              String kafkaBootstrapServers, String s3Endpoint, String s3Region, String s3AccessKey,
                              String s3SecretKey) {

    /**
     * The bindings of the runtime that wrote {@code endpoints}. endpoints.json never holds an external database's
     * password; as with libpq, {@code PGPASSWORD} supplies it.
     */
    public static RuntimeBindings from(Endpoints endpoints) {
        return from(endpoints, System::getenv);
    }

    /** As {@link #from(Endpoints)}, with {@code environment} in place of the process environment. */
    public static RuntimeBindings from(Endpoints endpoints, UnaryOperator<String> environment) {
        Builder b = builder();
        if (endpoints.postgres() != null) {
            String password = endpoints.postgres().password() != null ? endpoints.postgres().password()
                    : environment.apply("PGPASSWORD");
            b.databaseHost(endpoints.postgres().host()).databasePort(endpoints.postgres().port())
                    .databaseUser(endpoints.postgres().user()).databasePassword(password);
        }
        if (endpoints.kafka() != null) {
            b.kafkaBootstrapServers(endpoints.kafka().bootstrapServers());
        }
        if (endpoints.s3() != null) {
            b.s3Endpoint(endpoints.s3().endpoint()).s3Region(endpoints.s3().region())
                    .s3AccessKey(endpoints.s3().accessKey()).s3SecretKey(endpoints.s3().secretKey());
        }
        return b.build();
    }

    @Override
    public String toString() {
        return "RuntimeBindings[database=" + databaseUser + "@" + databaseHost + ":" + databasePort
                + ", kafka=" + kafkaBootstrapServers + ", s3=" + s3Endpoint + " region=" + s3Region
                + " accessKey=" + s3AccessKey + "]";
    }

    /** These bindings with another database password, e.g. a config provider's reference in place of the value. */
    public RuntimeBindings withDatabasePassword(String password) {
        return new RuntimeBindings(databaseHost, databasePort, databaseUser, password, kafkaBootstrapServers,
                s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
    }

    /** These bindings with other S3 keys, e.g. a config provider's references in place of the values. */
    public RuntimeBindings withS3Keys(String accessKey, String secretKey) {
        return new RuntimeBindings(databaseHost, databasePort, databaseUser, databasePassword, kafkaBootstrapServers,
                s3Endpoint, s3Region, accessKey, secretKey);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private String databaseHost;
        private Integer databasePort;
        private String databaseUser;
        private String databasePassword;
        private String kafkaBootstrapServers;
        private String s3Endpoint;
        private String s3Region;
        private String s3AccessKey;
        private String s3SecretKey;

        public Builder databaseHost(String databaseHost) {
            this.databaseHost = databaseHost;
            return this;
        }

        public Builder databasePort(Integer databasePort) {
            this.databasePort = databasePort;
            return this;
        }

        public Builder databaseUser(String databaseUser) {
            this.databaseUser = databaseUser;
            return this;
        }

        /** May be empty (trust authentication), never null when bound. */
        public Builder databasePassword(String databasePassword) {
            this.databasePassword = databasePassword;
            return this;
        }

        public Builder kafkaBootstrapServers(String kafkaBootstrapServers) {
            this.kafkaBootstrapServers = kafkaBootstrapServers;
            return this;
        }

        public Builder s3Endpoint(String s3Endpoint) {
            this.s3Endpoint = s3Endpoint;
            return this;
        }

        public Builder s3Region(String s3Region) {
            this.s3Region = s3Region;
            return this;
        }

        public Builder s3AccessKey(String s3AccessKey) {
            this.s3AccessKey = s3AccessKey;
            return this;
        }

        public Builder s3SecretKey(String s3SecretKey) {
            this.s3SecretKey = s3SecretKey;
            return this;
        }

        public RuntimeBindings build() {
            return new RuntimeBindings(databaseHost, databasePort, databaseUser, databasePassword, kafkaBootstrapServers,
                    s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
        }
    }
}
