package io.cdclake.deploy.preflight;

import io.cdclake.core.model.Environment;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.MskConnect.ClientAuthentication;
import io.cdclake.core.model.MskConnect.EncryptionInTransit;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.render.RuntimeBindings;
import io.cdclake.core.validate.PipelineValidator;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;
import io.cdclake.deploy.plan.DesiredState;
import io.cdclake.deploy.plan.DesiredState.DesiredPlugin;
import io.cdclake.deploy.plugin.PluginSources;
import io.cdclake.deploy.plugin.ZipLayout;
import software.amazon.awssdk.services.kafka.KafkaClient;
import software.amazon.awssdk.services.kafka.model.Cluster;
import software.amazon.awssdk.services.kafka.model.KafkaException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.StsException;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every check made before a deployment changes anything, each failure with its fix: the pipeline's own rules and
 * placeholders; the article's pitfalls (kafka.t3.small brokers with IAM authentication, the listener port that
 * goes with the authentication and encryption, plugin zips whose contents are not at the root); the plugins
 * themselves (checksum, connector class present, the Java their classes need, config providers); the buckets; and,
 * when reachable from here, the source database. Only read calls are made.
 */
public final class Preflight {

    /** What MSK Connect's workers run on (both 2.7.1 and 3.7.x): a plugin built for a newer Java cannot load. */
    static final int MSK_CONNECT_JAVA = 11;
    static final String DEBEZIUM_CONNECTOR = "io.debezium.connector.postgresql.PostgresConnector";
    static final String T3_SMALL = "kafka.t3.small";
    /** MSK's listener ports: plaintext, TLS, SASL/SCRAM, IAM. */
    private static final Map<Integer, String> MSK_PORTS = Map.of(9092, "plaintext", 9094, "TLS", 9096, "SASL/SCRAM", 9098, "IAM");

    private final KafkaClient kafka;
    private final StsClient sts;
    private final S3Client s3;
    private final SourceDatabaseCheck database;

    /**
     * @param kafka    the MSK API, to read the cluster's broker type; null to skip that check
     * @param sts      STS, to check whose credentials deploy; null to skip that check
     * @param s3       to check the buckets exist
     * @param database the source database check
     */
    public Preflight(KafkaClient kafka, StsClient sts, S3Client s3, SourceDatabaseCheck database) {
        this.kafka = kafka;
        this.sts = sts;
        this.s3 = s3;
        this.database = database;
    }

    /** The findings, and the desired state when the pipeline could be turned into one. */
    public record Result(List<Finding> findings, DesiredState desired) {
        public List<Finding> errors() {
            return findings.stream().filter(Finding::isError).toList();
        }

        public List<Finding> warnings() {
            return findings.stream().filter(f -> !f.isError()).toList();
        }

        public boolean passed() {
            return errors().isEmpty();
        }
    }

    public Result run(Pipeline pipeline, String environment, RuntimeBindings bindings, PluginSources sources) {
        List<Finding> findings = new ArrayList<>();
        Environment env = pipeline.environment(environment);
        if (!env.kind().mskConnect()) {
            findings.add(notMskConnect(environment, env));
            return new Result(findings, null);
        }
        for (Problem p : PipelineValidator.validate(pipeline)) {
            findings.add(Finding.error(p.path(), p.message() + (p.value() == null ? "" : " (value: " + p.value() + ")"), p.fix()));
        }
        if (!findings.isEmpty()) {
            return new Result(findings, null);
        }
        List<Problem> placeholders = Placeholders.find(pipeline, environment);
        placeholders.forEach(p -> findings.add(Finding.error(p.path(), p.message() + " (value: " + p.value() + ")", p.fix())));
        MskConnect m = env.msk();
        listener(environment, env.kind(), m.cluster(), findings);
        if (m.cluster().clientAuthentication() == ClientAuthentication.IAM && m.cluster().clusterArn() == null) {
            findings.add(Finding.warning("environments." + environment + ".msk.cluster.clusterArn", "is not set, so the"
                    + " brokers' instance type cannot be checked (kafka.t3.small brokers refuse MSK Connect's IAM logins"
                    + " under its connection rate)", "set clusterArn to the MSK cluster's ARN"));
        }
        if ("2.7.1".equals(m.kafkaConnectVersion())) {
            findings.add(Finding.warning("environments." + environment + ".msk.kafkaConnectVersion", "is 2.7.1, but Debezium "
                    + m.plugins().debeziumVersion() + " is built for Kafka Connect 3.7", "use kafkaConnectVersion: 3.7.x"));
        }
        DesiredState desired = null;
        try {
            desired = DesiredState.of(pipeline, environment, bindings, sources);
            Set<String> providers = providerClasses(m);
            Set<String> bundled = new java.util.HashSet<>();
            for (DesiredPlugin p : desired.plugins()) {
                bundled.addAll(plugin(p, pipeline, m, providers, findings));
            }
            providers.stream().filter(c -> !bundled.contains(c)).forEach(c -> findings.add(Finding.warning(
                    "environments." + environment + ".msk.workerProperties", "config provider " + c + " is in neither"
                            + " plugin zip; MSK Connect loads config providers from the connector's custom plugin, so"
                            + " references it resolves would fail at run time",
                    "bundle its jar into the plugin zips (for Secrets Manager: the msk-config-providers release, see"
                            + " aws-deployer/README.md), e.g. with --debezium-archive pointing at a tar.gz that holds both")));
        } catch (PreflightException e) {
            findings.addAll(e.findings());
        }
        if (placeholders.isEmpty()) {
            if (env.kind() == Environment.Kind.AWS && !account(environment, m, findings)) {
                return new Result(List.copyOf(findings), desired);
            }
            if (env.kind() == Environment.Kind.AWS) {
                bucket("environments." + environment + ".msk.pluginBucket.bucket", m.pluginBucket().bucket(), "the plugin bucket", findings);
                bucket("sink.bucket", pipeline.sink().bucket(), "the sink bucket", findings);
                cluster(environment, m.cluster(), findings);
            }
            findings.addAll(database.check(pipeline, environment, bindings));
        }
        return new Result(List.copyOf(findings), desired);
    }

    /** The refusal of an environment that does not deploy to MSK Connect. */
    public static Finding notMskConnect(String environment, Environment env) {
        return Finding.error("environments." + environment, "is a " + env.kind().yamlName() + " environment, which runs"
                + " through the Kafka Connect REST API, not MSK Connect", "deploy an emulator or aws environment"
                + " (--env emulator, --env aws), or run this one with ./cdclake up");
    }

    /** The port of each bootstrap server against the listener that the authentication and encryption use on MSK. */
    private static void listener(String environment, Environment.Kind kind, MskConnect.Cluster c, List<Finding> findings) {
        if (kind != Environment.Kind.AWS || c.bootstrapServers() == null || Placeholders.isPlaceholder(c.bootstrapServers())) {
            return;
        }
        int wanted = c.clientAuthentication() == ClientAuthentication.IAM ? 9098
                : c.encryptionInTransit() == EncryptionInTransit.TLS ? 9094 : 9092;
        for (String server : c.bootstrapServers().split(",")) {
            String s = server.trim();
            int port = Integer.parseInt(s.substring(s.lastIndexOf(':') + 1));
            if (port != wanted && MSK_PORTS.containsKey(port)) {
                findings.add(Finding.error("environments." + environment + ".msk.cluster.bootstrapServers",
                        s + " is MSK's " + MSK_PORTS.get(port) + " listener, but the connector uses " + c.clientAuthentication()
                                + " authentication with " + c.encryptionInTransit() + " encryption, which MSK serves on port " + wanted,
                        "use the cluster's bootstrap brokers for " + MSK_PORTS.get(wanted) + " (aws kafka get-bootstrap-brokers),"
                                + " or change clientAuthentication / encryptionInTransit"));
                return;
            }
        }
    }

    /** Checks a plugin zip; returns which of the {@code providers} classes it bundles. */
    private static Set<String> plugin(DesiredPlugin p, Pipeline pipeline, MskConnect m, Set<String> providers,
                                      List<Finding> findings) {
        String check = "plugin " + p.role();
        String connectorClass = p.role().equals("debezium") ? DEBEZIUM_CONNECTOR : pipeline.sink().connectorClass();
        List<String> wanted = new ArrayList<>(providers);
        wanted.add(connectorClass);
        ZipLayout layout;
        try {
            layout = ZipLayout.inspect(p.archive().zip(), wanted);
        } catch (IOException e) {
            findings.add(Finding.error(check, e.getMessage(), "give a zip of the plugin's jars (MSK Connect takes ZIP or JAR)"));
            return Set.of();
        }
        if (layout.rootJars().isEmpty()) {
            findings.add(Finding.error(check, p.archive().zip().getFileName() + " has no jars at its root"
                            + (layout.nestedJarDirs().isEmpty() ? "" : "; they are under " + String.join(", ", layout.nestedJarDirs()))
                            + ", and MSK Connect needs the plugin's contents at the root of the zip",
                    layout.nestedJarDirs().isEmpty() ? "zip the plugin's jars themselves"
                            : "repack it from inside that directory: cd " + layout.nestedJarDirs().get(0) + " && zip -r ../plugin.zip ."));
            return Set.of();
        }
        Integer version = layout.classVersions().get(connectorClass);
        if (version == null) {
            findings.add(Finding.error(check, p.archive().zip().getFileName() + " does not contain the connector class "
                    + connectorClass + " in any of its " + layout.rootJars().size() + " jars, so the connector would end FAILED",
                    "give the plugin that provides " + connectorClass + ", or change the connector class"));
        } else if (ZipLayout.javaRelease(version) > MSK_CONNECT_JAVA) {
            findings.add(Finding.warning(check, connectorClass + " is compiled for Java " + ZipLayout.javaRelease(version)
                    + ", newer than the Java " + MSK_CONNECT_JAVA + " MSK Connect " + m.kafkaConnectVersion() + " workers run",
                    "use a release of the plugin built for Java " + MSK_CONNECT_JAVA + " (Debezium 2.7 for Kafka Connect 3.7)"));
        }
        if (p.role().equals("sink")) {
            lensesLine(check, p.archive().zip(), layout, pipeline.sink().compatibility()).ifPresent(findings::add);
        }
        return layout.classVersions().keySet();
    }

    /**
     * A Lenses plugin of another release line than {@code sink.compatibility} refuses the KCQL rendered for that
     * line (Lenses 7.0 replaced WITH_FLUSH_* with PROPERTIES): its connector would only fail once running.
     */
    public static Optional<Finding> lensesLine(String check, Path zip, ZipLayout layout, Sink.Compatibility line) {
        Integer major = layout.streamReactorMajor();
        if (major == null || major >= 7 == (line == Sink.Compatibility.LENSES_9)) {
            return Optional.empty();
        }
        boolean current = major >= 7;
        return Optional.of(Finding.error(check, zip.getFileName() + " is Lenses stream-reactor "
                        + layout.streamReactorVersion() + ", which " + (current
                        ? "refuses the WITH_FLUSH_* KCQL of sink.compatibility lenses-3 (replaced by PROPERTIES in 7.0)"
                        : "does not read the PROPERTIES('flush.*') KCQL of sink.compatibility lenses-9 (Lenses 7.0 and later)"),
                current ? "set sink.compatibility: lenses-9" : "set sink.compatibility: lenses-3, or deploy a Lenses"
                        + " release of 7.0 or later"));
    }

    /**
     * The config provider classes the worker configuration declares that must come with a plugin: MSK Connect's
     * workers load config providers (e.g. the Secrets Manager one a password reference needs) from the connector's
     * custom plugin; Kafka's own providers come with the runtime.
     */
    private static Set<String> providerClasses(MskConnect m) {
        return m.workerProperties().entrySet().stream()
                .filter(e -> e.getKey().matches("config\\.providers\\.[^.]+\\.class"))
                .map(Map.Entry::getValue).filter(c -> !c.startsWith("org.apache.kafka.")).collect(Collectors.toSet());
    }

    private void bucket(String check, String bucket, String what, List<Finding> findings) {
        try {
            s3.headBucket(r -> r.bucket(bucket));
        } catch (S3Exception e) {
            switch (e.statusCode()) {
                case 404 -> findings.add(Finding.error(check, what + " " + bucket + " does not exist",
                        "create it first: aws s3 mb s3://" + bucket + " (in the environment's region)"));
                case 403 -> findings.add(Finding.warning(check, "access to " + what + " " + bucket + " was denied, so its"
                        + " existence could not be checked", "grant the deploying identity s3:ListBucket on " + bucket));
                case 301 -> findings.add(Finding.error(check, what + " " + bucket + " is in another region than the"
                        + " environment's", "use a bucket in the environment's region, or change the region"));
                default -> findings.add(Finding.warning(check, "could not check " + what + " " + bucket + ": "
                        + e.awsErrorDetails().errorMessage(), "check the bucket and your credentials"));
            }
        }
    }

    /**
     * Whose credentials deploy: unusable ones stop the checks here (every other call would fail the same way); a
     * role in another account cannot be passed to MSK Connect.
     *
     * @return whether the remaining checks can call AWS
     */
    private boolean account(String environment, MskConnect m, List<Finding> findings) {
        if (sts == null) {
            return true;
        }
        String account;
        try {
            account = sts.getCallerIdentity().account();
        } catch (SdkClientException e) {
            findings.add(Finding.error("AWS credentials", "could not be used to ask STS whose they are ("
                            + e.getMessage().lines().findFirst().orElse("") + ")",
                    "configure credentials (aws configure, AWS_PROFILE or --profile NAME) and check that AWS is reachable"));
            return false;
        } catch (StsException e) {
            findings.add(Finding.error("AWS credentials", "STS refused them: " + e.awsErrorDetails().errorMessage(),
                    "refresh or correct the credentials (aws sts get-caller-identity shows whose they are)"));
            return false;
        }
        String roleAccount = m.serviceExecutionRoleArn().split(":")[4];
        if (!roleAccount.equals(account)) {
            findings.add(Finding.error("environments." + environment + ".msk.serviceExecutionRoleArn", "the role is in account "
                            + roleAccount + " but the credentials are account " + account + "'s, and MSK Connect only takes a"
                            + " role of the account that creates the connector",
                    "deploy with credentials of account " + roleAccount + " (--profile), or create the role in account " + account));
        }
        return true;
    }

    /** The article's pitfall: kafka.t3.small brokers and IAM authentication; and IAM enabled on the cluster at all. */
    private void cluster(String environment, MskConnect.Cluster c, List<Finding> findings) {
        if (c.clusterArn() == null || kafka == null) {
            return;
        }
        String check = "environments." + environment + ".msk.cluster.clusterArn";
        Cluster cluster;
        try {
            cluster = kafka.describeClusterV2(r -> r.clusterArn(c.clusterArn())).clusterInfo();
        } catch (software.amazon.awssdk.services.kafka.model.NotFoundException e) {
            findings.add(Finding.error(check, "cluster " + c.clusterArn() + " was not found", "check the ARN and the region"));
            return;
        } catch (KafkaException e) {
            findings.add(Finding.warning(check, "could not read cluster " + c.clusterArn() + ": "
                    + e.awsErrorDetails().errorMessage(), "grant the deploying identity kafka:DescribeClusterV2"));
            return;
        }
        if (cluster.provisioned() == null) {
            return; // serverless: no broker instances to size
        }
        String instanceType = cluster.provisioned().brokerNodeGroupInfo().instanceType();
        boolean iam = c.clientAuthentication() == ClientAuthentication.IAM;
        if (iam && T3_SMALL.equals(instanceType)) {
            findings.add(Finding.error(check, "the cluster's brokers are " + T3_SMALL + ", whose IAM connection-rate limit makes"
                            + " MSK Connect's workers fail authentication",
                    "use kafka.m5.large or larger brokers (aws kafka update-broker-type), or clientAuthentication: NONE on a"
                            + " TLS or plaintext listener"));
        }
        var auth = cluster.provisioned().clientAuthentication();
        boolean iamEnabled = auth != null && auth.sasl() != null && auth.sasl().iam() != null
                && Boolean.TRUE.equals(auth.sasl().iam().enabled());
        if (iam && !iamEnabled) {
            findings.add(Finding.error(check, "IAM authentication is not enabled on the cluster",
                    "enable IAM access control on the cluster (aws kafka update-security), or use clientAuthentication: NONE"));
        }
    }
}
