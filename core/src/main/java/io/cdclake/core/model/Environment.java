package io.cdclake.core.model;

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
 */
public record Environment(Kind kind, String region, Flush flush, DebeziumSource.Tuning tuning, Database database,
                          MskConnect msk, String sourceContainer, String kafkaContainer) {

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

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().kind(kind).region(region).flush(flush).tuning(tuning).database(database).msk(msk)
                .sourceContainer(sourceContainer).kafkaContainer(kafkaContainer);
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

        public Environment build() {
            return new Environment(kind, region, flush, tuning, database, msk, sourceContainer, kafkaContainer);
        }
    }
}
