package io.cdclake.core.model;

import java.util.List;
import java.util.Map;

/**
 * The MSK Connect deployment of a pipeline (environments of kind {@code emulator} and {@code aws}): the Kafka
 * cluster, capacity, runtime version, execution role, log delivery, where plugin zips go, which plugins, worker
 * configuration properties and tags. Field names follow the MSK Connect API.
 *
 * @param kafkaConnectVersion {@code 3.7.x} (what Debezium 2.7 is built for) or {@code 2.7.1}
 * @param workerProperties    the custom worker configuration, e.g. {@code config.providers} for Secrets Manager
 */
public record MskConnect(Cluster cluster, Capacity capacity, String kafkaConnectVersion,
                         String serviceExecutionRoleArn, LogDelivery logDelivery, PluginBucket pluginBucket,
                         Plugins plugins, Map<String, String> workerProperties, Map<String, String> tags) {

    /** The Kafka Connect versions MSK Connect runs. */
    public static final List<String> KAFKA_CONNECT_VERSIONS = List.of("3.7.x", "2.7.1");

    public MskConnect {
        workerProperties = Immutables.map(workerProperties);
        tags = Immutables.map(tags);
    }

    /**
     * The Apache Kafka cluster the connectors use.
     *
     * @param bootstrapServers     {@code host:port,...}; IAM uses port 9098. Absent for the emulator: the running
     *                             runtime's Kafka is used.
     * @param clusterArn           optional; lets the deployer check the brokers' instance type
     * @param clientAuthentication IAM or NONE
     * @param encryptionInTransit  TLS or PLAINTEXT (IAM requires TLS)
     */
    public record Cluster(String bootstrapServers, String clusterArn, List<String> subnets,
                          List<String> securityGroups, ClientAuthentication clientAuthentication,
                          EncryptionInTransit encryptionInTransit) {
        public Cluster {
            subnets = Immutables.list(subnets);
            securityGroups = Immutables.list(securityGroups);
        }
    }

    public enum ClientAuthentication { IAM, NONE }

    public enum EncryptionInTransit { TLS, PLAINTEXT }

    /** Exactly one of provisioned or autoscaling. */
    public record Capacity(Provisioned provisioned, Autoscaling autoscaling) {

        public static Capacity provisioned(int mcuCount, int workerCount) {
            return new Capacity(new Provisioned(mcuCount, workerCount), null);
        }

        public static Capacity autoscaling(int mcuCount, int minWorkerCount, int maxWorkerCount,
                                           int scaleInCpuPercentage, int scaleOutCpuPercentage) {
            return new Capacity(null, new Autoscaling(mcuCount, minWorkerCount, maxWorkerCount,
                    scaleInCpuPercentage, scaleOutCpuPercentage));
        }

        /** mcuCount 1, 2, 4 or 8; workerCount 1 to 10. */
        public record Provisioned(Integer mcuCount, Integer workerCount) {
        }

        /** mcuCount 1, 2, 4 or 8; 1 <= minWorkerCount <= maxWorkerCount <= 10; CPU percentages 1 to 100, in below out. */
        public record Autoscaling(Integer mcuCount, Integer minWorkerCount, Integer maxWorkerCount,
                                  Integer scaleInCpuPercentage, Integer scaleOutCpuPercentage) {
        }
    }

    /** Where worker logs go; any of the three, or none. */
    public record LogDelivery(CloudWatchLogs cloudWatchLogs, S3Logs s3, Firehose firehose) {

        public static LogDelivery cloudWatchLogs(String logGroup) {
            return new LogDelivery(new CloudWatchLogs(logGroup), null, null);
        }

        public record CloudWatchLogs(String logGroup) {
        }

        public record S3Logs(String bucket, String prefix) {
        }

        public record Firehose(String deliveryStream) {
        }
    }

    /** Where custom plugin zips are uploaded (each under a content hash). */
    public record PluginBucket(String bucket, String prefix) {
    }

    /**
     * The custom plugins.
     *
     * @param debeziumVersion the Debezium PostgreSQL plugin from Maven Central, e.g. {@code 2.7.4.Final}
     * @param sink            the S3 sink plugin
     */
    public record Plugins(String debeziumVersion, SinkPlugin sink) {

        public Plugins {
            sink = sink == null ? SinkPlugin.BUILT_IN : sink;
        }

        /**
         * {@code builtin}: the project's own zip from the build. {@code lenses}: the Lenses S3 sink from a
         * {@code file} or {@code url}, checked against {@code sha256}.
         */
        public record SinkPlugin(SinkPluginKind kind, String file, String url, String sha256) {
            public static final SinkPlugin BUILT_IN = new SinkPlugin(SinkPluginKind.BUILTIN, null, null, null);

            public SinkPlugin {
                kind = kind == null ? SinkPluginKind.BUILTIN : kind;
            }
        }

        public enum SinkPluginKind {
            BUILTIN, LENSES;

            /** The connector class this plugin provides. */
            public String connectorClass() {
                return this == BUILTIN ? Sink.BUILT_IN_CONNECTOR : Sink.LENSES_CONNECTOR;
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().cluster(cluster).capacity(capacity).kafkaConnectVersion(kafkaConnectVersion)
                .serviceExecutionRoleArn(serviceExecutionRoleArn).logDelivery(logDelivery).pluginBucket(pluginBucket)
                .plugins(plugins).workerProperties(workerProperties).tags(tags);
    }

    public static final class Builder {
        private Cluster cluster;
        private Capacity capacity;
        private String kafkaConnectVersion;
        private String serviceExecutionRoleArn;
        private LogDelivery logDelivery;
        private PluginBucket pluginBucket;
        private Plugins plugins;
        private Map<String, String> workerProperties;
        private Map<String, String> tags;

        public Builder cluster(Cluster cluster) {
            this.cluster = cluster;
            return this;
        }

        public Builder capacity(Capacity capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder kafkaConnectVersion(String kafkaConnectVersion) {
            this.kafkaConnectVersion = kafkaConnectVersion;
            return this;
        }

        public Builder serviceExecutionRoleArn(String serviceExecutionRoleArn) {
            this.serviceExecutionRoleArn = serviceExecutionRoleArn;
            return this;
        }

        public Builder logDelivery(LogDelivery logDelivery) {
            this.logDelivery = logDelivery;
            return this;
        }

        public Builder pluginBucket(PluginBucket pluginBucket) {
            this.pluginBucket = pluginBucket;
            return this;
        }

        public Builder plugins(Plugins plugins) {
            this.plugins = plugins;
            return this;
        }

        public Builder workerProperties(Map<String, String> workerProperties) {
            this.workerProperties = workerProperties;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public MskConnect build() {
            return new MskConnect(cluster, capacity, kafkaConnectVersion, serviceExecutionRoleArn, logDelivery,
                    pluginBucket, plugins, workerProperties, tags);
        }
    }
}
