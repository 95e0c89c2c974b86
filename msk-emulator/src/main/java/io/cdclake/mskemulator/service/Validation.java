package io.cdclake.mskemulator.service;

import io.cdclake.mskemulator.api.ApiException;
import io.cdclake.mskemulator.model.Shapes.AutoScaling;
import io.cdclake.mskemulator.model.Shapes.Capacity;
import io.cdclake.mskemulator.model.Shapes.ProvisionedCapacity;
import io.cdclake.mskemulator.model.Shapes.ScalingPolicy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * AWS's validation rules for MSK Connect requests (from the service model and the API reference), each failing
 * with a BadRequestException whose message names the field, the value and what is accepted.
 */
final class Validation {

    static final Set<Integer> MCU_COUNTS = Set.of(1, 2, 4, 8);
    static final int MAX_WORKERS = 10;
    static final int MAX_NAME_LENGTH = 128;
    static final int MAX_DESCRIPTION_LENGTH = 1024;
    static final int MAX_TAGS = 200;
    /** The Kafka Connect versions MSK Connect offers. */
    static final List<String> KAFKA_CONNECT_VERSIONS = List.of("2.7.1", "3.7.x");
    private static final Pattern IAM_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):iam:.*");
    private static final Pattern KAFKACONNECT_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):kafkaconnect:.*");
    private static final Pattern S3_BUCKET_ARN = Pattern.compile("arn:(aws|aws-us-gov|aws-cn):s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:,]+:\\d{1,5}");

    private Validation() {
    }

    static <T> T required(T value, String field) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw ApiException.badRequest(field + " is required");
        }
        return value;
    }

    static String name(String value, String field) {
        required(value, field);
        if (value.length() > MAX_NAME_LENGTH || value.isBlank()) {
            throw ApiException.badRequest(field + " '" + abbreviate(value) + "' is invalid: use 1 to "
                    + MAX_NAME_LENGTH + " characters (it has " + value.length() + ")");
        }
        return value;
    }

    static void description(String value, String field) {
        if (value != null && value.length() > MAX_DESCRIPTION_LENGTH) {
            throw ApiException.badRequest(field + " is too long: at most " + MAX_DESCRIPTION_LENGTH
                    + " characters (it has " + value.length() + ")");
        }
    }

    static void kafkaconnectArn(String value, String field) {
        required(value, field);
        if (!KAFKACONNECT_ARN.matcher(value).matches()) {
            throw ApiException.badRequest(field + " '" + value + "' is not an MSK Connect ARN (arn:aws:kafkaconnect:...)");
        }
    }

    static void iamRoleArn(String value, String field) {
        required(value, field);
        if (!IAM_ARN.matcher(value).matches()) {
            throw ApiException.badRequest(field + " '" + value + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
        }
    }

    /** The bucket name inside an S3 bucket ARN. */
    static String bucketOf(String bucketArn, String field) {
        required(bucketArn, field);
        var matcher = S3_BUCKET_ARN.matcher(bucketArn);
        if (!matcher.matches()) {
            throw ApiException.badRequest(field + " '" + bucketArn + "' is not an S3 bucket ARN (arn:aws:s3:::<bucket>)");
        }
        return matcher.group(2);
    }

    static void bootstrapServers(String value, String field) {
        required(value, field);
        for (String server : value.split(",")) {
            if (!HOST_PORT.matcher(server.trim()).matches()) {
                throw ApiException.badRequest(field + " '" + value + "' is invalid: give comma-separated host:port pairs"
                        + " (entry '" + server.trim() + "')");
            }
        }
    }

    static <E extends Enum<E>> E oneOf(String value, Class<E> values, String field) {
        required(value, field);
        for (E e : values.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw ApiException.badRequest(field + " '" + value + "' is invalid: use one of " + List.of(values.getEnumConstants()));
    }

    static void kafkaConnectVersion(String value, String field) {
        required(value, field);
        if (!KAFKA_CONNECT_VERSIONS.contains(value)) {
            throw ApiException.badRequest(field + " '" + value + "' is not a Kafka Connect version MSK Connect offers:"
                    + " use one of " + KAFKA_CONNECT_VERSIONS);
        }
    }

    static void tags(Map<String, String> tags, String field) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw ApiException.badRequest(field + " has " + tags.size() + " tags: at most " + MAX_TAGS + " are allowed");
        }
        tags.forEach((key, value) -> {
            if (key.isEmpty() || key.length() > 128) {
                throw ApiException.badRequest(field + " key '" + abbreviate(key) + "' is invalid: use 1 to 128 characters");
            }
            if (key.startsWith("aws:")) {
                throw ApiException.badRequest(field + " key '" + key + "' is invalid: the prefix 'aws:' is reserved for AWS");
            }
            if (value == null || value.length() > 256) {
                throw ApiException.badRequest(field + " value of '" + key + "' is invalid: use 0 to 256 characters");
            }
        });
    }

    /** maxResults of a List call: absent, or 1 to 100. */
    static int maxResults(String value) {
        if (value == null) {
            return 100;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= 100) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("maxResults '" + value + "' is invalid: use a number from 1 to 100");
    }

    /**
     * A connector's capacity: exactly one of auto scaling and provisioned capacity, MCU count 1, 2, 4 or 8, worker
     * counts 1 to 10 with min ≤ max, CPU thresholds 1 to 100. {@code policiesRequired} is true for an update, whose
     * auto scaling must restate both scaling policies.
     */
    static void capacity(Capacity capacity, String field, boolean policiesRequired) {
        required(capacity, field);
        AutoScaling auto = capacity.autoScaling();
        ProvisionedCapacity provisioned = capacity.provisionedCapacity();
        if ((auto == null) == (provisioned == null)) {
            throw ApiException.badRequest(field + " must set exactly one of autoScaling and provisionedCapacity"
                    + (auto == null ? " (it sets neither)" : " (it sets both)"));
        }
        if (provisioned != null) {
            mcuCount(provisioned.mcuCount(), field + ".provisionedCapacity.mcuCount");
            workerCount(provisioned.workerCount(), field + ".provisionedCapacity.workerCount");
            return;
        }
        mcuCount(auto.mcuCount(), field + ".autoScaling.mcuCount");
        workerCount(auto.minWorkerCount(), field + ".autoScaling.minWorkerCount");
        workerCount(auto.maxWorkerCount(), field + ".autoScaling.maxWorkerCount");
        if (auto.minWorkerCount() > auto.maxWorkerCount()) {
            throw ApiException.badRequest(field + ".autoScaling.minWorkerCount " + auto.minWorkerCount()
                    + " is greater than maxWorkerCount " + auto.maxWorkerCount() + ": make min ≤ max");
        }
        Integer maxTasks = auto.maxAutoscalingTaskCount();
        if (maxTasks != null && maxTasks < auto.maxWorkerCount()) {
            throw ApiException.badRequest(field + ".autoScaling.maxAutoscalingTaskCount " + maxTasks
                    + " is less than maxWorkerCount " + auto.maxWorkerCount() + ": give at least one task per worker");
        }
        policy(auto.scaleInPolicy(), field + ".autoScaling.scaleInPolicy", policiesRequired);
        policy(auto.scaleOutPolicy(), field + ".autoScaling.scaleOutPolicy", policiesRequired);
    }

    private static void mcuCount(Integer value, String field) {
        required(value, field);
        if (!MCU_COUNTS.contains(value)) {
            throw ApiException.badRequest(field + " " + value + " is invalid: use 1, 2, 4 or 8");
        }
    }

    private static void workerCount(Integer value, String field) {
        required(value, field);
        if (value < 1 || value > MAX_WORKERS) {
            throw ApiException.badRequest(field + " " + value + " is invalid: use 1 to " + MAX_WORKERS);
        }
    }

    private static void policy(ScalingPolicy policy, String field, boolean required) {
        if (policy == null) {
            if (required) {
                throw ApiException.badRequest(field + " is required");
            }
            return;
        }
        Integer percentage = required(policy.cpuUtilizationPercentage(), field + ".cpuUtilizationPercentage");
        if (percentage < 1 || percentage > 100) {
            throw ApiException.badRequest(field + ".cpuUtilizationPercentage " + percentage + " is invalid: use 1 to 100");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
