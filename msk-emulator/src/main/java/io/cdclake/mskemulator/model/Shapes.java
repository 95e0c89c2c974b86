package io.cdclake.mskemulator.model;

import java.util.List;

/**
 * The nested structures of the MSK Connect API, field for field as they travel in JSON. The same records serve the
 * requests, the descriptions and the persisted state. Numbers are boxed so that an absent field stays {@code null}
 * and validation can name it.
 */
public final class Shapes {

    private Shapes() {
    }

    /** Exactly one of the two is set: AWS accepts either auto scaling or provisioned capacity. */
    public record Capacity(AutoScaling autoScaling, ProvisionedCapacity provisionedCapacity) {
    }

    /** {@code maxAutoscalingTaskCount}, when set, caps the {@code tasks.max} MSK Connect sets (at least maxWorkerCount). */
    public record AutoScaling(Integer maxWorkerCount, Integer mcuCount, Integer minWorkerCount,
                              ScalingPolicy scaleInPolicy, ScalingPolicy scaleOutPolicy, Integer maxAutoscalingTaskCount) {
    }

    public record ScalingPolicy(Integer cpuUtilizationPercentage) {
    }

    public record ProvisionedCapacity(Integer mcuCount, Integer workerCount) {
    }

    public record KafkaCluster(ApacheKafkaCluster apacheKafkaCluster) {
    }

    public record ApacheKafkaCluster(String bootstrapServers, Vpc vpc) {
    }

    public record Vpc(List<String> securityGroups, List<String> subnets) {
    }

    public record ClientAuthentication(String authenticationType) {
    }

    public record EncryptionInTransit(String encryptionType) {
    }

    public record LogDelivery(WorkerLogDelivery workerLogDelivery) {
    }

    public record WorkerLogDelivery(CloudWatchLogsDelivery cloudWatchLogs, FirehoseDelivery firehose, S3LogDelivery s3) {
    }

    public record CloudWatchLogsDelivery(Boolean enabled, String logGroup) {
    }

    public record FirehoseDelivery(String deliveryStream, Boolean enabled) {
    }

    public record S3LogDelivery(String bucket, Boolean enabled, String prefix) {
    }

    public record Plugin(CustomPluginRef customPlugin) {
    }

    public record CustomPluginRef(String customPluginArn, Long revision) {
    }

    public record WorkerConfigurationRef(Long revision, String workerConfigurationArn) {
    }

    public record CustomPluginLocation(S3Location s3Location) {
    }

    public record S3Location(String bucketArn, String fileKey, String objectVersion) {
    }

    /** Why a resource is in its state: a short code and a message, as in DescribeConnector's stateDescription. */
    public record StateDescription(String code, String message) {
    }

    public record OperationStep(String stepType, String stepState) {
    }

    /** What an UPDATE_WORKER_SETTING operation changes: the capacity, or the plugins and worker configuration. */
    public record WorkerSetting(Capacity capacity, List<Plugin> plugins, WorkerConfigurationRef workerConfiguration,
                                Boolean useDefaultWorkerConfiguration) {
    }
}
