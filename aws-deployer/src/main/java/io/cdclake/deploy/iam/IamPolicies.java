package io.cdclake.deploy.iam;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.model.Pipeline;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM documents a pipeline's MSK Connect deployment needs, least privilege:
 * <ul>
 *   <li>the connectors' service execution role policy: connect to and describe the cluster, write and read the
 *       pipeline's topic(s) and MSK Connect's own internal topics, use the sink's consumer group and MSK Connect's
 *       groups (all only with IAM authentication, the only case where Kafka asks IAM), write objects under the sink's
 *       prefix and its index keys, and read the database password's secret;</li>
 *   <li>its trust policy: {@code kafkaconnect.amazonaws.com} may assume it, for this account's connectors of this
 *       pipeline only;</li>
 *   <li>the policy of whoever runs {@code deploy apply}: the MSK Connect calls, passing the role, the plugin bucket,
 *       reading the cluster, and the log delivery MSK Connect sets up on the caller's behalf.</li>
 * </ul>
 */
public final class IamPolicies {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern ROLE_ARN = Pattern.compile("arn:(aws[a-z-]*):iam::(\\d{12}|<[^>]+>):role/(.+)");
    private static final Pattern CLUSTER_ARN = Pattern.compile("arn:aws[a-z-]*:kafka:[^:]+:[^:]+:cluster/([^/]+)/(.+)");
    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secretsmanager:(arn:[^}]+):[^:}]+}");

    private final Pipeline pipeline;
    private final Environment env;
    private final MskConnect msk;
    private final String partition;
    private final String account;
    private final String region;

    public IamPolicies(Pipeline pipeline, String environment) {
        this.pipeline = pipeline;
        this.env = pipeline.environment(environment);
        this.msk = env.msk();
        if (msk == null) {
            throw new IllegalArgumentException("environment " + environment + " has no MSK Connect deployment (msk:)");
        }
        Matcher role = ROLE_ARN.matcher(msk.serviceExecutionRoleArn());
        if (!role.matches()) {
            throw new IllegalArgumentException("environments." + environment + ".msk.serviceExecutionRoleArn is not an IAM"
                    + " role ARN (value: " + msk.serviceExecutionRoleArn() + "); write arn:aws:iam::<account-id>:role/<name>");
        }
        this.partition = role.group(1);
        this.account = role.group(2);
        this.region = env.region();
    }

    /** The permissions policy of the connectors' service execution role. */
    public ObjectNode executionRolePolicy() {
        ObjectNode policy = document();
        ArrayNode statements = policy.putArray("Statement");
        if (msk.cluster().clientAuthentication() == MskConnect.ClientAuthentication.IAM) {
            String[] cluster = clusterNameAndId();
            String base = "arn:" + partition + ":kafka:" + region + ":" + account + ":";
            String clusterArn = msk.cluster().clusterArn() != null ? msk.cluster().clusterArn()
                    : base + "cluster/" + cluster[0] + "/" + cluster[1];
            String topic = base + "topic/" + cluster[0] + "/" + cluster[1] + "/";
            String group = base + "group/" + cluster[0] + "/" + cluster[1] + "/";
            statements.add(statement("ConnectToTheCluster", List.of("kafka-cluster:Connect", "kafka-cluster:DescribeCluster"),
                    List.of(clusterArn)));
            List<String> topics = new ArrayList<>();
            pipeline.topics().forEach(t -> topics.add(topic + t));
            statements.add(statement("WriteThePipelineTopics", List.of("kafka-cluster:DescribeTopic", "kafka-cluster:CreateTopic",
                    "kafka-cluster:WriteData", "kafka-cluster:ReadData"), topics));
            statements.add(statement("MskConnectInternalTopics", List.of("kafka-cluster:DescribeTopic", "kafka-cluster:CreateTopic",
                    "kafka-cluster:WriteData", "kafka-cluster:ReadData"), List.of(topic + "__amazon_msk_connect_*")));
            statements.add(statement("ConsumerGroups", List.of("kafka-cluster:AlterGroup", "kafka-cluster:DescribeGroup"),
                    List.of(group + "connect-" + pipeline.sink().connectorName(), group + "__amazon_msk_connect_*")));
            if (ConnectorRenderer.exactlyOnce(env)) {
                // exactly-once source support: the source task writes through a transactional producer whose id is
                // <worker group>-<connector>-<task>, and a new task generation fences the old one's
                statements.add(statement("ExactlyOnceSourceTransactions", List.of("kafka-cluster:DescribeTransactionalId",
                        "kafka-cluster:AlterTransactionalId"), List.of(base + "transactional-id/" + cluster[0] + "/"
                        + cluster[1] + "/*" + pipeline.debezium().connectorName() + "*")));
                statements.add(statement("IdempotentWrites", List.of("kafka-cluster:WriteDataIdempotently"),
                        List.of(clusterArn)));
            }
        }
        String bucket = "arn:" + partition + ":s3:::" + pipeline.sink().bucket();
        ObjectNode list = statement("ListTheSinkPrefix", List.of("s3:ListBucket"), List.of(bucket));
        ArrayNode prefixes = list.putObject("Condition").putObject("StringLike").putArray("s3:prefix");
        pipeline.sinkPrefixes().forEach(prefix -> prefixes.add(prefix + "/*"));
        prefixes.add(".indexes/" + pipeline.sink().connectorName() + "/*");
        statements.add(list);
        statements.add(statement("LocateTheSinkBucket", List.of("s3:GetBucketLocation", "s3:ListBucketMultipartUploads"),
                List.of(bucket)));
        statements.add(statement("WriteTheSinkObjects", List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject",
                        "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"),
                // the sink's index (which offsets reached S3) lives under .indexes/<connector>/
                java.util.stream.Stream.concat(pipeline.sinkPrefixes().stream().map(prefix -> bucket + "/" + prefix + "/*"),
                        java.util.stream.Stream.of(bucket + "/.indexes/" + pipeline.sink().connectorName() + "/*")).toList()));
        String secret = secretArn();
        if (secret != null) {
            statements.add(statement("ReadTheDatabasePassword", List.of("secretsmanager:GetSecretValue"), List.of(secret)));
        }
        return policy;
    }

    /** Who may assume the role: MSK Connect, for this account's connectors of this pipeline. */
    public ObjectNode trustPolicy() {
        ObjectNode policy = document();
        ObjectNode s = policy.putArray("Statement").addObject();
        s.put("Effect", "Allow");
        s.putObject("Principal").put("Service", "kafkaconnect.amazonaws.com");
        s.put("Action", "sts:AssumeRole");
        ObjectNode condition = s.putObject("Condition");
        condition.putObject("StringEquals").put("aws:SourceAccount", account);
        ArrayNode connectors = condition.putObject("ArnLike").putArray("aws:SourceArn");
        for (String name : List.of(pipeline.debezium().connectorName(), pipeline.sink().connectorName())) {
            connectors.add("arn:" + partition + ":kafkaconnect:" + region + ":" + account + ":connector/" + name + "/*");
        }
        return policy;
    }

    /** What the identity running {@code deploy plan|apply|status|destroy} needs. */
    public ObjectNode deployerPolicy() {
        ObjectNode policy = document();
        ArrayNode statements = policy.putArray("Statement");
        String kc = "arn:" + partition + ":kafkaconnect:" + region + ":" + account + ":";
        statements.add(statement("ReadMskConnect", List.of("kafkaconnect:ListConnectors", "kafkaconnect:ListCustomPlugins",
                "kafkaconnect:ListWorkerConfigurations", "kafkaconnect:DescribeConnector", "kafkaconnect:DescribeCustomPlugin",
                "kafkaconnect:DescribeWorkerConfiguration", "kafkaconnect:ListConnectorOperations",
                "kafkaconnect:DescribeConnectorOperation", "kafkaconnect:ListTagsForResource"), List.of("*")));
        statements.add(statement("ManageThePipelineResources", List.of("kafkaconnect:CreateConnector",
                "kafkaconnect:UpdateConnector", "kafkaconnect:DeleteConnector", "kafkaconnect:CreateCustomPlugin",
                "kafkaconnect:DeleteCustomPlugin", "kafkaconnect:CreateWorkerConfiguration",
                "kafkaconnect:DeleteWorkerConfiguration", "kafkaconnect:TagResource"), List.of(
                kc + "connector/" + pipeline.debezium().connectorName() + "/*", kc + "connector/" + pipeline.sink().connectorName() + "/*",
                kc + "custom-plugin/" + pipeline.name() + "-*", kc + "worker-configuration/" + pipeline.name() + "-*")));
        ObjectNode pass = statement("PassTheExecutionRole", List.of("iam:PassRole"), List.of(msk.serviceExecutionRoleArn()));
        pass.putObject("Condition").putObject("StringEquals").put("iam:PassedToService", "kafkaconnect.amazonaws.com");
        statements.add(pass);
        statements.add(statement("MskConnectServiceLinkedRole", List.of("iam:CreateServiceLinkedRole"), List.of(
                "arn:" + partition + ":iam::" + account + ":role/aws-service-role/kafkaconnect.amazonaws.com/AWSServiceRoleForKafkaConnect")));
        statements.add(statement("ConnectorNetworking", List.of("ec2:CreateNetworkInterface", "ec2:DescribeSubnets",
                "ec2:DescribeVpcs", "ec2:DescribeSecurityGroups"), List.of("*")));
        String pluginBucket = "arn:" + partition + ":s3:::" + msk.pluginBucket().bucket();
        String pluginPrefix = msk.pluginBucket().prefix() == null ? "" : msk.pluginBucket().prefix() + "/";
        statements.add(statement("PluginZips", List.of("s3:PutObject", "s3:GetObject"), List.of(pluginBucket + "/" + pluginPrefix + "*")));
        statements.add(statement("PluginBucket", List.of("s3:ListBucket", "s3:GetBucketLocation"),
                List.of(pluginBucket, "arn:" + partition + ":s3:::" + pipeline.sink().bucket())));
        if (msk.cluster().clusterArn() != null) {
            statements.add(statement("CheckTheBrokers", List.of("kafka:DescribeClusterV2"), List.of(msk.cluster().clusterArn())));
        }
        MskConnect.LogDelivery logs = msk.logDelivery();
        if (logs != null) {
            statements.add(statement("LogDelivery", List.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
                    "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
                    "logs:DescribeResourcePolicies", "logs:DescribeLogGroups"), List.of("*")));
            if (logs.s3() != null) {
                statements.add(statement("LogDeliveryToS3", List.of("s3:PutBucketPolicy", "s3:GetBucketPolicy"),
                        List.of("arn:" + partition + ":s3:::" + logs.s3().bucket())));
            }
            if (logs.firehose() != null) {
                statements.add(statement("LogDeliveryToFirehose", List.of("firehose:TagDeliveryStream"), List.of(
                        "arn:" + partition + ":firehose:" + region + ":" + account + ":deliverystream/" + logs.firehose().deliveryStream())));
            }
        }
        return policy;
    }

    public static String json(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's name and id for topic and group ARNs: from the cluster ARN, or any when it is not given. */
    private String[] clusterNameAndId() {
        String arn = msk.cluster().clusterArn();
        Matcher m = arn == null ? null : CLUSTER_ARN.matcher(arn);
        return m != null && m.matches() ? new String[] {m.group(1), m.group(2)} : new String[] {"*", "*"};
    }

    /** The secret the password reference names; a secret ARN without its random suffix matches any suffix. */
    private String secretArn() {
        if (env.database() == null || env.database().password() == null) {
            return null;
        }
        Matcher m = SECRET_REFERENCE.matcher(env.database().password());
        if (!m.matches()) {
            return null;
        }
        String arn = m.group(1);
        return arn.matches(".*-[A-Za-z0-9]{6}") ? arn : arn + "-??????";
    }

    private static ObjectNode document() {
        ObjectNode policy = JSON.createObjectNode();
        policy.put("Version", "2012-10-17");
        return policy;
    }

    private static ObjectNode statement(String sid, List<String> actions, List<String> resources) {
        ObjectNode s = JSON.createObjectNode();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        ArrayNode a = s.putArray("Action");
        actions.forEach(a::add);
        ArrayNode r = s.putArray("Resource");
        resources.forEach(r::add);
        return s;
    }
}
