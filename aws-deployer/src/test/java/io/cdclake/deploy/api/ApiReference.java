package io.cdclake.deploy.api;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.cdclake.deploy.api.Shape.obj;
import static io.cdclake.deploy.api.Shape.oneOf;
import static io.cdclake.deploy.api.Shape.opt;
import static io.cdclake.deploy.api.Shape.req;

/**
 * The operations of the MSK Connect API reference (and MSK's DescribeClusterV2): method, path, the query
 * parameters each takes (and requires), and the request body shape, transcribed from the reference pages.
 */
final class ApiReference {

    /** One operation; the path's labels are the capturing groups of {@code path}, matched on the raw (encoded) path. */
    record Operation(String name, String method, Pattern path, Set<String> query, Set<String> requiredQuery, Shape body,
                     boolean mutating) {
    }

    private static final Shape NAME = new Shape.Str(1, 128);
    private static final Shape DESCRIPTION = new Shape.Str(0, 1024);
    private static final Shape TEXT = new Shape.Str(1, 4096);
    private static final Shape TAGS = new Shape.StringMap(200, 128, 256);
    private static final Shape WORKERS = new Shape.Int(1, 10);
    private static final Shape MCU = new Shape.Int(1, 8);
    private static final Shape PERCENT = new Shape.Int(1, 100);
    private static final Shape POLICY = obj("cpuUtilizationPercentage", req(PERCENT));
    private static final Shape AUTOSCALING = obj("maxAutoscalingTaskCount", opt(new Shape.Int(1, 1000)),
            "maxWorkerCount", req(WORKERS), "mcuCount", req(MCU), "minWorkerCount", req(WORKERS),
            "scaleInPolicy", req(POLICY), "scaleOutPolicy", req(POLICY));
    private static final Shape CAPACITY = oneOf("autoScaling", opt(AUTOSCALING),
            "provisionedCapacity", opt(obj("mcuCount", opt(MCU), "workerCount", req(WORKERS))));
    private static final Shape CAPACITY_UPDATE = oneOf("autoScaling", opt(AUTOSCALING),
            "provisionedCapacity", opt(obj("mcuCount", req(MCU), "workerCount", req(WORKERS))));
    private static final Shape CONFIGURATION = new Shape.StringMap(10_000, 4096, 100_000);
    private static final Shape STRINGS = new Shape.ListOf(TEXT, 0, 100);

    private static final Shape CREATE_CONNECTOR = obj(
            "capacity", req(CAPACITY),
            "connectorConfiguration", req(CONFIGURATION),
            "connectorDescription", opt(DESCRIPTION),
            "connectorName", req(NAME),
            "kafkaCluster", req(obj("apacheKafkaCluster", req(obj("bootstrapServers", req(TEXT),
                    "vpc", req(obj("securityGroups", opt(STRINGS), "subnets", req(new Shape.ListOf(TEXT, 1, 100)))))))),
            "kafkaClusterClientAuthentication", req(obj("authenticationType", req(new Shape.OneOf(Set.of("NONE", "IAM"))))),
            "kafkaClusterEncryptionInTransit", req(obj("encryptionType", req(new Shape.OneOf(Set.of("PLAINTEXT", "TLS"))))),
            "kafkaConnectVersion", req(TEXT),
            "logDelivery", opt(obj("workerLogDelivery", req(obj(
                    "cloudWatchLogs", opt(obj("enabled", req(new Shape.Bool()), "logGroup", opt(TEXT))),
                    "firehose", opt(obj("deliveryStream", opt(TEXT), "enabled", req(new Shape.Bool()))),
                    "s3", opt(obj("bucket", opt(TEXT), "enabled", req(new Shape.Bool()), "prefix", opt(TEXT))))))),
            "networkType", opt(new Shape.OneOf(Set.of("IPV4", "DUAL"))),
            "plugins", req(new Shape.ListOf(obj("customPlugin", req(obj("customPluginArn", req(TEXT),
                    "revision", req(new Shape.Int(1, Integer.MAX_VALUE))))), 1, 1)),
            "serviceExecutionRoleArn", req(TEXT),
            "tags", opt(TAGS),
            "workerConfiguration", opt(obj("revision", req(new Shape.Int(1, Integer.MAX_VALUE)), "workerConfigurationArn", req(TEXT))));

    private static final Shape REVISION = new Shape.Int(1, Integer.MAX_VALUE);

    /** With the fields newer than the SDK's 2.40.2 model (AWS SDK for JavaScript v3 3.1169's UpdateConnectorRequest). */
    private static final Shape UPDATE_CONNECTOR = obj("capacity", opt(CAPACITY_UPDATE),
            "connectorConfiguration", opt(CONFIGURATION),
            "plugins", opt(new Shape.ListOf(obj("customPlugin", req(obj("customPluginArn", req(TEXT), "revision", req(REVISION)))), 1, 1)),
            "skipHealthValidation", opt(new Shape.Bool()),
            "useDefaultWorkerConfiguration", opt(new Shape.Bool()),
            "workerConfiguration", opt(obj("revision", req(REVISION), "workerConfigurationArn", req(TEXT))));

    private static final Shape CREATE_CUSTOM_PLUGIN = obj(
            "contentType", req(new Shape.OneOf(Set.of("JAR", "ZIP"))),
            "description", opt(DESCRIPTION),
            "location", req(obj("s3Location", req(obj("bucketArn", req(TEXT), "fileKey", req(TEXT), "objectVersion", opt(TEXT))))),
            "name", req(NAME),
            "tags", opt(TAGS));

    private static final Shape CREATE_WORKER_CONFIGURATION = obj(
            "description", opt(DESCRIPTION),
            "name", req(NAME),
            "propertiesFileContent", req(new Shape.Str(1, 100_000)),
            "tags", opt(TAGS));

    private static final String LABEL = "([^/]+)";
    private static final Set<String> PAGE = Set.of("maxResults", "nextToken");

    static final List<Operation> OPERATIONS = List.of(
            op("CreateConnector", "POST", "/v1/connectors", Set.of(), Set.of(), CREATE_CONNECTOR, true),
            op("ListConnectors", "GET", "/v1/connectors", union(PAGE, "connectorNamePrefix"), Set.of(), null, false),
            op("ListConnectorOperations", "GET", "/v1/connectors/" + LABEL + "/operations", PAGE, Set.of(), null, false),
            op("DescribeConnector", "GET", "/v1/connectors/" + LABEL, Set.of(), Set.of(), null, false),
            op("UpdateConnector", "PUT", "/v1/connectors/" + LABEL, Set.of("currentVersion"), Set.of("currentVersion"), UPDATE_CONNECTOR, true),
            op("DeleteConnector", "DELETE", "/v1/connectors/" + LABEL, Set.of("currentVersion"), Set.of(), null, true),
            // newer than the SDK's 2.40.2 model: no request body, an operation ARN in the answer
            op("PauseConnector", "PUT", "/v1/connectors/" + LABEL + "/pause", Set.of(), Set.of(), null, true),
            op("ResumeConnector", "PUT", "/v1/connectors/" + LABEL + "/resume", Set.of(), Set.of(), null, true),
            op("RestartConnector", "POST", "/v1/connectors/" + LABEL + "/restart", Set.of("onlyFailedTasks"), Set.of(), null, true),
            op("DescribeConnectorOperation", "GET", "/v1/connectorOperations/" + LABEL, Set.of(), Set.of(), null, false),
            op("CreateCustomPlugin", "POST", "/v1/custom-plugins", Set.of(), Set.of(), CREATE_CUSTOM_PLUGIN, true),
            op("ListCustomPlugins", "GET", "/v1/custom-plugins", union(PAGE, "namePrefix"), Set.of(), null, false),
            op("DescribeCustomPlugin", "GET", "/v1/custom-plugins/" + LABEL, Set.of(), Set.of(), null, false),
            op("DeleteCustomPlugin", "DELETE", "/v1/custom-plugins/" + LABEL, Set.of(), Set.of(), null, true),
            op("CreateWorkerConfiguration", "POST", "/v1/worker-configurations", Set.of(), Set.of(), CREATE_WORKER_CONFIGURATION, true),
            op("ListWorkerConfigurations", "GET", "/v1/worker-configurations", union(PAGE, "namePrefix"), Set.of(), null, false),
            op("DescribeWorkerConfiguration", "GET", "/v1/worker-configurations/" + LABEL, Set.of(), Set.of(), null, false),
            op("DeleteWorkerConfiguration", "DELETE", "/v1/worker-configurations/" + LABEL, Set.of(), Set.of(), null, true),
            op("TagResource", "POST", "/v1/tags/" + LABEL, Set.of(), Set.of(), obj("tags", req(TAGS)), true),
            op("UntagResource", "DELETE", "/v1/tags/" + LABEL, Set.of("tagKeys"), Set.of("tagKeys"), null, true),
            op("ListTagsForResource", "GET", "/v1/tags/" + LABEL, Set.of(), Set.of(), null, false),
            // MSK (service "kafka"), read by the broker-type check
            op("DescribeClusterV2", "GET", "/api/v2/clusters/" + LABEL, Set.of(), Set.of(), null, false),
            // STS (service "sts", query protocol: a form body, an XML answer), read by the account check
            op("GetCallerIdentity", "POST", "/", Set.of(), Set.of(), null, false));

    private ApiReference() {
    }

    private static Operation op(String name, String method, String path, Set<String> query, Set<String> required,
                                Shape body, boolean mutating) {
        return new Operation(name, method, Pattern.compile(path), query, required, body, mutating);
    }

    private static Set<String> union(Set<String> a, String b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.add(b);
        return Set.copyOf(all);
    }
}
