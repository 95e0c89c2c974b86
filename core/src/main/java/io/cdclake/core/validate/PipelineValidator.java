package io.cdclake.core.validate;

import io.cdclake.core.model.DebeziumSource;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Environment.Kind;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.MskConnect.Capacity;
import io.cdclake.core.model.MskConnect.ClientAuthentication;
import io.cdclake.core.model.MskConnect.EncryptionInTransit;
import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.model.Source;
import io.cdclake.core.model.TuningSetting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a pipeline and reports every problem at once, each with its path, value and fix. Placeholders
 * ({@link Placeholders}) pass the format checks: a file may ship with them; the deployer refuses them.
 */
public final class PipelineValidator {

    private static final Set<Integer> MCU_COUNTS = Set.of(1, 2, 4, 8);
    private static final String REDACTED = "******";

    private final Problems problems = new Problems();

    private PipelineValidator() {
    }

    /** Every problem of {@code pipeline}; empty when it is valid. */
    public static List<Problem> validate(Pipeline pipeline) {
        PipelineValidator v = new PipelineValidator();
        v.pipeline(pipeline);
        return v.problems.list();
    }

    /** Returns {@code pipeline} when valid, else throws with every problem; {@code source} names it in the message. */
    public static Pipeline requireValid(Pipeline pipeline, String source) {
        List<Problem> found = validate(pipeline);
        if (!found.isEmpty()) {
            throw new InvalidPipelineException(source, found);
        }
        return pipeline;
    }

    private void pipeline(Pipeline p) {
        if (required("name", p.name(), "name the pipeline, e.g. name: northwind-orders")) {
            match("name", p.name(), Rules.PIPELINE_NAME, "is not a valid pipeline name",
                    "use 1 to 63 lower-case letters, digits and hyphens (it names AWS resources and tags)");
        }
        if (required("source", p.source(), "declare the source database (database, tables, publication, slotName)")) {
            source(p.source());
        }
        if (required("debezium", p.debezium(), "declare the source connector (connectorName, topicPrefix)")) {
            debezium(p.debezium(), p.source());
        }
        if (required("sink", p.sink(), "declare the S3 sink (connectorName, bucket, prefix, partitionBy, flush)")) {
            sink(p.sink(), p.debezium(), p.source() == null || p.debezium() == null
                    || p.debezium().topicPrefix() == null ? null : p.topics());
        }
        if (p.environments().isEmpty()) {
            problems.add("environments", null, "missing",
                    "declare at least one environment, e.g. environments: {local: {flush: {intervalSeconds: 5}}}");
        }
        p.environments().forEach((name, env) -> environment("environments." + name, name, env, p));
        ScenarioValidator.validate(p, problems);
    }

    // ---------------------------------------------------------------- source

    private void source(Source s) {
        if (required("source.database", s.database(), "name the database, e.g. database: devdb")) {
            match("source.database", s.database(), Rules.SQL_IDENTIFIER, "is not a plain PostgreSQL identifier",
                    "use lower-case letters, digits and underscores, starting with a letter");
        }
        if (s.schema() != null) {
            match("source.schema", s.schema(), Rules.SQL_IDENTIFIER, "is not a plain PostgreSQL identifier",
                    "use lower-case letters, digits and underscores, starting with a letter, or remove it (the"
                            + " first table's schema)");
        }
        if (s.tables().isEmpty()) {
            problems.add("source.tables", null, "missing or empty",
                    "list the captured tables, schema-qualified, e.g. tables: [datalake.cdc_events]");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < s.tables().size(); i++) {
            String path = "source.tables[" + i + "]";
            String table = s.tables().get(i);
            if (!seen.add(table)) {
                problems.add(path, table, "is listed twice", "list each table once");
            } else if (!Rules.QUALIFIED_TABLE.matcher(table).matches()) {
                problems.add(path, table, "is not a schema-qualified table name",
                        "write schema.table in lower case, e.g. datalake.cdc_events or public.customers");
            }
        }
        if (required("source.publication", s.publication(),
                "declare the publication, e.g. publication: {name: cdc_publication}")) {
            if (required("source.publication.name", s.publication().name(), "name the publication, e.g. name: cdc_publication")) {
                match("source.publication.name", s.publication().name(), Rules.SQL_IDENTIFIER,
                        "is not a plain PostgreSQL identifier", "use lower-case letters, digits and underscores, starting with a letter");
            }
        }
        if (required("source.slotName", s.slotName(), "name the replication slot, e.g. slotName: cdc_slot")) {
            match("source.slotName", s.slotName(), Rules.SLOT_NAME, "is not a valid replication slot name",
                    "use 1 to 63 lower-case letters, digits and underscores");
        }
        if (!Source.PGOUTPUT.equals(s.plugin())) {
            problems.add("source.plugin", s.plugin(), "is not supported",
                    "use plugin: pgoutput (the decoder that reads the publication)");
        }
        if (s.init() != null) {
            init("source.init", s.init());
        }
    }

    private void init(String path, Source.Init init) {
        if (init.scripts().isEmpty() == (init.northwind() == null)) {
            problems.add(path, null, init.northwind() == null ? "names neither scripts nor northwind"
                            : "names both scripts and northwind",
                    "give exactly one: scripts: [sql/01_schema.sql, ...] (run in order) or northwind: {scale: 1}"
                            + " (the built-in generator); or remove init for an existing database");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < init.scripts().size(); i++) {
            String script = init.scripts().get(i);
            if (script == null || script.isBlank()) {
                problems.add(path + ".scripts[" + i + "]", script, "is empty", "give the path of a SQL file, relative to the pipeline file");
            } else if (!seen.add(script)) {
                problems.add(path + ".scripts[" + i + "]", script, "is listed twice", "list each script once");
            }
        }
        if (init.northwind() != null && init.northwind().scale() < 1) {
            problems.add(path + ".northwind.scale", init.northwind().scale(), "must be at least 1",
                    "use 1 for Northwind's size, N to multiply customers, orders and order details");
        }
        if (init.northwind() != null && !init.roles().isEmpty()) {
            problems.add(path + ".roles", String.join(", ", init.roles()), "applies to scripts only",
                    "remove roles, or use scripts");
        }
        for (int i = 0; i < init.roles().size(); i++) {
            match(path + ".roles[" + i + "]", init.roles().get(i), Rules.SQL_IDENTIFIER, "is not a plain role name",
                    "use lower-case letters, digits and underscores, starting with a letter");
        }
    }

    // ---------------------------------------------------------------- debezium

    private void debezium(DebeziumSource d, Source source) {
        if (required("debezium.connectorName", d.connectorName(), "name the connector, e.g. connectorName: orders-source")) {
            match("debezium.connectorName", d.connectorName(), Rules.CONNECTOR_NAME, "is not a valid connector name",
                    "use up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
        }
        if (required("debezium.topicPrefix", d.topicPrefix(), "set the topic prefix, e.g. topicPrefix: msk")) {
            String reason = Rules.topicName(d.topicPrefix());
            if (reason != null) {
                problems.add("debezium.topicPrefix", d.topicPrefix(), "is not a valid Kafka topic prefix: it " + reason,
                        "use ASCII letters, digits, '.', '_' and '-', e.g. msk");
            } else if (source != null) {
                for (String table : source.tables()) {
                    String topic = d.topicPrefix() + "." + table;
                    String why = Rules.topicName(topic);
                    if (why != null) {
                        problems.add("debezium.topicPrefix", d.topicPrefix(), "makes topic '" + topic + "' invalid: it " + why,
                                "shorten the prefix or the table name");
                    }
                }
            }
        }
        tuning("debezium.tuning", d.tuning(), d.tuning());
        unwrap("debezium.unwrap", d.unwrap());
    }

    private void unwrap(String path, DebeziumSource.Unwrap u) {
        if (!DebeziumSource.Unwrap.DELETE_HANDLING_MODES.contains(u.deleteHandling())) {
            problems.add(path + ".deleteHandling", u.deleteHandling(), "is not a delete.tombstone.handling.mode"
                            + DidYouMean.closest(u.deleteHandling(), DebeziumSource.Unwrap.DELETE_HANDLING_MODES)
                            .map(g -> " (did you mean '" + g + "'?)").orElse(""),
                    "use one of " + String.join(", ", DebeziumSource.Unwrap.DELETE_HANDLING_MODES));
        }
        List<List<String>> lists = List.of(u.addFields(), u.addHeaders());
        for (int l = 0; l < 2; l++) {
            String listPath = path + (l == 0 ? ".addFields" : ".addHeaders");
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lists.get(l).size(); i++) {
                String field = lists.get(l).get(i);
                if (!Rules.FIELD_NAME.matcher(field).matches()) {
                    problems.add(listPath + "[" + i + "]", field, "is not a change event field",
                            "name a field of the change event, e.g. op, table, lsn or source.ts_ms");
                } else if (!seen.add(field)) {
                    problems.add(listPath + "[" + i + "]", field, "is listed twice", "list each field once");
                }
            }
        }
    }

    /**
     * @param set       the settings written at {@code path}
     * @param effective what is in effect there (an environment's settings over the pipeline's)
     */
    private void tuning(String path, DebeziumSource.Tuning set, DebeziumSource.Tuning effective) {
        for (TuningSetting setting : TuningSetting.values()) {
            String value = setting.value(set);
            if (setting.min() != null && value != null && Long.parseLong(value) < setting.min()) {
                problems.add(path + "." + setting.key(), value, "must be at least " + setting.min(),
                        "set " + setting.min() + " or more, or remove it for the default (" + setting.defaultValue() + ")");
            }
        }
        Integer batchSet = effective.maxBatchSize();
        Integer queueSet = effective.maxQueueSize();
        int batch = batchSet != null ? batchSet : Integer.parseInt(TuningSetting.MAX_BATCH_SIZE.defaultValue());
        int queue = queueSet != null ? queueSet : Integer.parseInt(TuningSetting.MAX_QUEUE_SIZE.defaultValue());
        if ((set.maxBatchSize() != null || set.maxQueueSize() != null) && batch > 0 && queue <= batch) {
            problems.add(path + ".maxQueueSize", queue, "must be larger than maxBatchSize (" + batch + ")",
                    "raise maxQueueSize above maxBatchSize; Debezium refuses to start otherwise");
        }
    }

    // ---------------------------------------------------------------- sink

    private void partitionBy(String path, List<String> fields) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < fields.size(); i++) {
            String field = fields.get(i);
            String at = path + "[" + i + "]";
            if (!Rules.FIELD_NAME.matcher(field).matches()) {
                problems.add(at, field, "is not a field name", "use a record field name such as customer_id");
            } else if (!seen.add(field)) {
                problems.add(at, field, "is listed twice", "list each field once");
            }
        }
    }

    /** A PARTITIONBY field such as {@code __op} exists only when the unwrap transform adds it. */
    private void addedFieldsPartitioned(Sink s, List<String> topics, DebeziumSource.Unwrap unwrap) {
        Set<String> added = new HashSet<>();
        unwrap.addFields().forEach(f -> added.add(DebeziumSource.Unwrap.recordField(f)));
        if (unwrap.rewritesDeletes()) {
            added.add("__deleted");
        }
        Set<String> reported = new HashSet<>();
        for (String topic : topics) {
            for (String field : s.statementFor(topic).partitionBy()) {
                if (field.startsWith("__") && !added.contains(field) && reported.add(field)) {
                    problems.add("sink", field, "is a PARTITIONBY field of " + topic + " that the unwrap transform does"
                                    + " not add (it adds " + (added.isEmpty() ? "none" : String.join(", ", new java.util.TreeSet<>(added))) + ")",
                            "add " + field.substring(2) + " to debezium.unwrap.addFields, or partition by another field");
                }
            }
        }
    }

    private static String first(List<String> topics) {
        return topics.isEmpty() ? "msk.datalake.cdc_events" : topics.get(0);
    }

    private void sink(Sink s, DebeziumSource debezium, List<String> topics) {
        DebeziumSource.Unwrap unwrap = debezium == null ? null : debezium.unwrap();
        if (required("sink.connectorName", s.connectorName(), "name the connector, e.g. connectorName: orders-sink")) {
            match("sink.connectorName", s.connectorName(), Rules.CONNECTOR_NAME, "is not a valid connector name",
                    "use up to 128 letters, digits, '.', '_' and '-', starting with a letter or digit");
            if (debezium != null && s.connectorName().equals(debezium.connectorName())) {
                problems.add("sink.connectorName", s.connectorName(), "is the source connector's name too",
                        "give the two connectors different names");
            }
        }
        if (!Sink.CONNECTOR_CLASSES.contains(s.connectorClass())) {
            problems.add("sink.connectorClass", s.connectorClass(), "is not a KCQL S3 sink this project knows"
                            + DidYouMean.closest(s.connectorClass(), Sink.CONNECTOR_CLASSES).map(g -> " (did you mean '" + g + "'?)").orElse(""),
                    "use " + Sink.BUILT_IN_CONNECTOR + " (built in, the default) or " + Sink.LENSES_CONNECTOR);
        } else if (Sink.BUILT_IN_CONNECTOR.equals(s.connectorClass()) && s.storeAs() != Sink.StoreAs.JSON) {
            problems.add("sink.storeAs", s.storeAs().kcql(), "is not written by the built-in sink, which stores json",
                    "use storeAs: json, or the Lenses sink (connectorClass: " + Sink.LENSES_CONNECTOR + ")");
        }
        if (required("sink.bucket", s.bucket(), "name the bucket, e.g. bucket: data-lake-demo-cevo")) {
            bucket("sink.bucket", s.bucket());
        }
        if (s.prefix() != null) {
            prefix("sink.prefix", s.prefix());
        }
        partitionBy("sink.partitionBy", s.partitionBy());
        if (topics != null) {
            Set<String> stated = new HashSet<>();
            for (int i = 0; i < s.statements().size(); i++) {
                Sink.Statement st = s.statements().get(i);
                String path = "sink.statements[" + i + "]";
                if (required(path + ".topic", st.topic(), "name the statement's topic, e.g. topic: " + first(topics))) {
                    if (!topics.contains(st.topic())) {
                        problems.add(path + ".topic", st.topic(), "is not produced by any captured table"
                                        + DidYouMean.closest(st.topic(), topics).map(g -> " (did you mean '" + g + "'?)").orElse(""),
                                "use one of the pipeline's topics (" + String.join(", ", topics)
                                        + "), or capture its table in source.tables");
                    } else if (!stated.add(st.topic())) {
                        problems.add(path + ".topic", st.topic(), "has a statement already", "give each topic one statement");
                    }
                }
                if (st.prefix() != null) {
                    prefix(path + ".prefix", st.prefix());
                }
                if (st.partitionBy() != null) {
                    partitionBy(path + ".partitionBy", st.partitionBy());
                }
            }
            for (String topic : topics) {
                Sink.Statement effective = s.statementFor(topic);
                if (effective.prefix() == null) {
                    problems.add("sink.prefix", null, "missing, and topic " + topic + " has no prefix of its own",
                            "set the object key prefix, e.g. prefix: cdc-events, or a prefix in the topic's statement");
                    break;
                }
            }
            if (unwrap != null) {
                addedFieldsPartitioned(s, topics, unwrap);
            }
        }
        flush("sink.flush", s.flush());
        if (s.compatibility() == Sink.Compatibility.LENSES_3) {
            lenses3Fields(s);
        }
    }

    /**
     * PARTITIONBY {@code _date.<pattern>} came with Lenses 7; Lenses 3 reads it as a field of the record. Lenses
     * 3.0 takes a prefix of one part only.
     */
    private void lenses3Fields(Sink s) {
        if (s.prefix() != null && s.prefix().contains("/")) {
            nestedPrefix("sink.prefix", s.prefix());
        }
        for (int i = 0; i < s.statements().size(); i++) {
            String prefix = s.statements().get(i).prefix();
            if (prefix != null && prefix.contains("/")) {
                nestedPrefix("sink.statements[" + i + "].prefix", prefix);
            }
        }
        List<String> fields = new ArrayList<>(s.partitionBy());
        s.statements().stream().filter(st -> st.partitionBy() != null).forEach(st -> fields.addAll(st.partitionBy()));
        fields.stream().filter(f -> f.startsWith("_date.")).findFirst().ifPresent(f -> problems.add("sink.compatibility",
                "lenses-3", "does not partition by the record's date (" + f + " came with Lenses 7)",
                "use compatibility: lenses-9 with a current Lenses plugin, or partition by a field of the record"));
    }

    private void nestedPrefix(String path, String prefix) {
        problems.add(path, prefix, "has more than one part, which Lenses 3 refuses ('Nested prefix not currently"
                + " supported')", "write one part without '/', or use compatibility: lenses-9 with a current Lenses"
                + " plugin");
    }

    private void flush(String path, Flush f) {
        if (f == null) {
            return;
        }
        positive(path + ".intervalSeconds", f.intervalSeconds() == null ? null : f.intervalSeconds().longValue(),
                "seconds between flushes, e.g. 60");
        positive(path + ".count", f.count() == null ? null : f.count().longValue(), "records per object, e.g. 50");
        positive(path + ".sizeBytes", f.sizeBytes(), "bytes per object, e.g. 5000000");
    }

    private void positive(String path, Long value, String example) {
        if (value != null && value <= 0) {
            problems.add(path, value, "must be positive", "set a positive number of " + example + ", or remove it");
        }
    }

    // ---------------------------------------------------------------- environments

    private void environment(String path, String name, Environment env, Pipeline p) {
        if (env.kind() == null) {
            problems.add(path + ".kind", null, "missing; environment '" + name + "' is not named local, emulator or aws",
                    "add kind: local, kind: emulator or kind: aws");
            return;
        }
        flush(path + ".flush", env.flush());
        if (env.tuning() != null && p.debezium() != null) {
            tuning(path + ".tuning", env.tuning(), p.debezium().tuning().overriddenBy(env.tuning()));
        }
        if (env.region() != null) {
            match(path + ".region", env.region(), Rules.REGION, "is not an AWS region", "use a region code such as ap-southeast-2");
        }
        Kind kind = env.kind();
        if (kind.runtimeBound() && env.database() != null) {
            problems.add(path + ".database", null, "is supplied by the running local runtime, not by the file",
                    "remove database from a " + kind.yamlName() + " environment");
        }
        localImage(path + ".sourceContainer", env.sourceContainer(), kind, "postgres:17");
        localImage(path + ".kafkaContainer", env.kafkaContainer(), kind, "apache/kafka:3.7.2");
        if (env.s3() != null) {
            localS3(path + ".s3", env.s3(), kind);
        }
        if (kind == Kind.LOCAL && env.msk() != null) {
            problems.add(path + ".msk", null, "does not apply: a local environment runs the connectors through the"
                    + " Connect REST API", "remove msk, or make this an emulator or aws environment (kind: emulator)");
        }
        if (kind == Kind.AWS) {
            required(path + ".region", env.region(), "set the AWS region, e.g. region: ap-southeast-2");
            if (required(path + ".database", env.database(),
                    "declare the database as MSK Connect reaches it: host, port, user and a password reference")) {
                database(path + ".database", env.database(), env.msk());
            }
        }
        if (kind.mskConnect() && required(path + ".msk", env.msk(),
                "declare the MSK Connect deployment (cluster, capacity, kafkaConnectVersion, serviceExecutionRoleArn,"
                        + " pluginBucket, plugins)")) {
            msk(path + ".msk", env.msk(), kind, p);
        }
    }

    private void localS3(String path, Environment.LocalS3 s3, Kind kind) {
        if (kind != Kind.LOCAL) {
            problems.add(path, null, "applies to the local runtime only",
                    "move it to the local environment (the emulator's runtime is the same one)");
            return;
        }
        if (s3.endpoint() != null && s3.container() != null) {
            problems.add(path + ".container", s3.container(), "names a second S3 beside endpoint " + s3.endpoint(),
                    "give endpoint or container, not both");
        }
        if (s3.endpoint() != null) {
            String problem = Environment.LocalS3.endpointProblem(s3.endpoint());
            if (problem != null) {
                problems.add(path + ".endpoint", s3.endpoint(), problem,
                        "write the endpoint URL, e.g. http://localhost:9000 or https://s3.ap-southeast-2.amazonaws.com");
            }
        }
        if (s3.profile() != null) {
            if (s3.endpoint() == null) {
                problems.add(path + ".profile", s3.profile(), "signs for an endpoint, and none is given",
                        "add endpoint, or remove profile");
            } else {
                match(path + ".profile", s3.profile(), Rules.AWS_PROFILE, "is not an AWS profile name",
                        "name a profile of the AWS config files, e.g. minio");
            }
        }
        if (s3.container() != null) {
            match(path + ".container", s3.container(), Rules.IMAGE_NAME, "is not a container image name",
                    "write an image as docker pull takes it, e.g. localstack/localstack:4.4");
        }
    }

    private void database(String path, Environment.Database db, MskConnect msk) {
        required(path + ".host", db.host(), "set the database host as MSK Connect reaches it");
        required(path + ".user", db.user(), "set the database user Debezium logs in as");
        if (db.port() != null && (db.port() < 1 || db.port() > 65535)) {
            problems.add(path + ".port", db.port(), "is not a TCP port", "use 1 to 65535 (PostgreSQL listens on 5432)");
        }
        String password = db.password();
        if (!required(path + ".password", password,
                "reference the password: ${secretsmanager:<secret-arn>:password} or ${env:NAME}")) {
            return;
        }
        Matcher ref = Rules.REFERENCE.matcher(password);
        if (!ref.matches()) {
            // never echo what may be the real password
            problems.add(path + ".password", REDACTED, "is written inline; on AWS it must be a reference",
                    "store it in Secrets Manager and write ${secretsmanager:<secret-arn>:password}, or ${env:NAME}");
            return;
        }
        String provider = ref.group(1);
        String rest = ref.group(2);
        if (provider.equals("env")) {
            match(path + ".password", rest, Rules.ENV_VAR, "does not name an environment variable",
                    "write ${env:NAME} with NAME made of letters, digits and underscores");
        } else if (provider.equals("secretsmanager") && rest.startsWith("arn:") && !Placeholders.isPlaceholder(rest)) {
            int lastColon = rest.lastIndexOf(':');
            String arn = rest.substring(0, lastColon);
            if (!Rules.SECRET_ARN.matcher(arn).matches()) {
                problems.add(path + ".password", password, "holds a malformed Secrets Manager ARN '" + arn + "'",
                        "use ${secretsmanager:arn:aws:secretsmanager:<region>:<12-digit account>:secret:<name>:<key>}");
            }
        }
        if (msk != null) {
            List<String> declared = Arrays.stream(msk.workerProperties().getOrDefault("config.providers", "").split(","))
                    .map(String::trim).toList();
            if (!declared.contains(provider) || !msk.workerProperties().containsKey("config.providers." + provider + ".class")) {
                problems.add(path + ".password", password, "uses config provider '" + provider
                                + "', which the worker configuration does not declare",
                        "add to msk.workerProperties config.providers: " + provider + " and config.providers." + provider
                                + ".class: " + providerClass(provider));
            }
        }
    }

    private static String providerClass(String provider) {
        return switch (provider) {
            case "secretsmanager" -> "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider";
            case "env" -> "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
            default -> "<its class>";
        };
    }

    private void msk(String path, MskConnect m, Kind kind, Pipeline p) {
        if (required(path + ".cluster", m.cluster(),
                "declare the Kafka cluster: bootstrapServers, subnets, securityGroups, clientAuthentication, encryptionInTransit")) {
            cluster(path + ".cluster", m.cluster(), kind);
        }
        if (required(path + ".capacity", m.capacity(),
                "declare capacity: {provisioned: {mcuCount: 1, workerCount: 1}} or autoscaling")) {
            capacity(path + ".capacity", m.capacity());
        }
        if (required(path + ".kafkaConnectVersion", m.kafkaConnectVersion(), "set kafkaConnectVersion: 3.7.x")
                && !MskConnect.KAFKA_CONNECT_VERSIONS.contains(m.kafkaConnectVersion())) {
            problems.add(path + ".kafkaConnectVersion", m.kafkaConnectVersion(), "is not a version MSK Connect runs",
                    "use 3.7.x (Debezium 2.7 is built for it) or 2.7.1");
        }
        if (required(path + ".serviceExecutionRoleArn", m.serviceExecutionRoleArn(),
                "set the connector's IAM role, e.g. arn:aws:iam::<account-id>:role/<role-name>")) {
            arn(path + ".serviceExecutionRoleArn", m.serviceExecutionRoleArn(), Rules.ROLE_ARN, "an IAM role ARN",
                    "arn:aws:iam::123456789012:role/cdc-lake-connect");
        }
        if (m.logDelivery() != null) {
            logDelivery(path + ".logDelivery", m.logDelivery());
        }
        if (required(path + ".pluginBucket", m.pluginBucket(), "name the bucket custom plugin zips are uploaded to")) {
            if (required(path + ".pluginBucket.bucket", m.pluginBucket().bucket(), "name the plugin bucket")) {
                bucket(path + ".pluginBucket.bucket", m.pluginBucket().bucket());
            }
            prefix(path + ".pluginBucket.prefix", m.pluginBucket().prefix());
        }
        if (required(path + ".plugins", m.plugins(), "declare plugins: {debeziumVersion: 2.7.4.Final, sink: {kind: builtin}}")) {
            plugins(path + ".plugins", m.plugins(), p.sink());
        }
        m.workerProperties().forEach((k, v) -> {
            if (k.isBlank()) {
                problems.add(path + ".workerProperties", k, "has a blank property name", "remove it");
            }
        });
        m.tags().forEach((k, v) -> {
            String tagPath = path + ".tags." + k;
            if (k.length() > 128 || k.startsWith("aws:")) {
                problems.add(tagPath, k, "is not an allowed tag key", "use up to 128 characters, not starting with aws:");
            } else if (v.length() > 256) {
                problems.add(tagPath, v.substring(0, 20) + "...", "is longer than 256 characters", "shorten the tag value");
            }
        });
    }

    private void cluster(String path, MskConnect.Cluster c, Kind kind) {
        if (kind == Kind.EMULATOR && c.bootstrapServers() != null) {
            problems.add(path + ".bootstrapServers", c.bootstrapServers(), "is supplied by the running local runtime",
                    "remove bootstrapServers from the emulator environment");
        } else if (kind == Kind.AWS && required(path + ".bootstrapServers", c.bootstrapServers(),
                "set the cluster's bootstrap brokers, e.g. b-1.<cluster>.kafka.ap-southeast-2.amazonaws.com:9098")) {
            bootstrapServers(path + ".bootstrapServers", c.bootstrapServers(), c.clientAuthentication());
        }
        if (c.clusterArn() != null) {
            arn(path + ".clusterArn", c.clusterArn(), Rules.CLUSTER_ARN, "an MSK cluster ARN",
                    "arn:aws:kafka:ap-southeast-2:123456789012:cluster/<name>/<uuid>");
        }
        if (c.subnets().isEmpty()) {
            problems.add(path + ".subnets", null, "missing or empty", "list the subnets the connector runs in, e.g. [subnet-0a1b2c3d]");
        }
        each(path + ".subnets", c.subnets(), Rules.SUBNET, "is not a subnet id", "write subnet- and 8 or 17 hex digits");
        each(path + ".securityGroups", c.securityGroups(), Rules.SECURITY_GROUP, "is not a security group id",
                "write sg- and 8 or 17 hex digits");
        required(path + ".clientAuthentication", c.clientAuthentication(), "set clientAuthentication: IAM or NONE");
        required(path + ".encryptionInTransit", c.encryptionInTransit(), "set encryptionInTransit: TLS or PLAINTEXT");
        if (c.clientAuthentication() == ClientAuthentication.IAM && c.encryptionInTransit() == EncryptionInTransit.PLAINTEXT) {
            problems.add(path + ".encryptionInTransit", "PLAINTEXT", "cannot carry IAM authentication",
                    "use encryptionInTransit: TLS with IAM, or clientAuthentication: NONE");
        }
    }

    private void bootstrapServers(String path, String servers, ClientAuthentication auth) {
        for (String server : servers.split(",")) {
            Matcher hp = Rules.HOST_PORT.matcher(server.trim());
            if (!hp.matches()) {
                problems.add(path, servers, "entry '" + server.trim() + "' is not host:port",
                        "write host:port pairs separated by commas");
                return;
            }
            int port = Integer.parseInt(hp.group(2));
            if (auth == ClientAuthentication.IAM && port != 9098) {
                problems.add(path, servers, "uses port " + port + " with IAM authentication",
                        "use the cluster's IAM bootstrap brokers on port 9098");
                return;
            }
        }
    }

    private void capacity(String path, Capacity c) {
        if ((c.provisioned() == null) == (c.autoscaling() == null)) {
            problems.add(path, null, c.provisioned() == null ? "has neither provisioned nor autoscaling" : "has both provisioned and autoscaling",
                    "declare exactly one: provisioned: {mcuCount, workerCount} or autoscaling: {mcuCount, minWorkerCount,"
                            + " maxWorkerCount, scaleInCpuPercentage, scaleOutCpuPercentage}");
            return;
        }
        if (c.provisioned() != null) {
            String pp = path + ".provisioned";
            mcu(pp + ".mcuCount", c.provisioned().mcuCount());
            range(pp + ".workerCount", c.provisioned().workerCount(), 1, 10, "workers");
        } else {
            String ap = path + ".autoscaling";
            Capacity.Autoscaling a = c.autoscaling();
            mcu(ap + ".mcuCount", a.mcuCount());
            boolean min = range(ap + ".minWorkerCount", a.minWorkerCount(), 1, 10, "workers");
            boolean max = range(ap + ".maxWorkerCount", a.maxWorkerCount(), 1, 10, "workers");
            if (min && max && a.minWorkerCount() > a.maxWorkerCount()) {
                problems.add(ap + ".minWorkerCount", a.minWorkerCount(), "is above maxWorkerCount (" + a.maxWorkerCount() + ")",
                        "make minWorkerCount at most maxWorkerCount");
            }
            boolean in = range(ap + ".scaleInCpuPercentage", a.scaleInCpuPercentage(), 1, 100, "percent");
            boolean out = range(ap + ".scaleOutCpuPercentage", a.scaleOutCpuPercentage(), 1, 100, "percent");
            if (in && out && a.scaleInCpuPercentage() >= a.scaleOutCpuPercentage()) {
                problems.add(ap + ".scaleInCpuPercentage", a.scaleInCpuPercentage(),
                        "is not below scaleOutCpuPercentage (" + a.scaleOutCpuPercentage() + ")",
                        "scale in at a lower CPU percentage than you scale out, e.g. 20 and 80");
            }
        }
    }

    private void mcu(String path, Integer mcu) {
        if (required(path, mcu, "set mcuCount: 1, 2, 4 or 8") && !MCU_COUNTS.contains(mcu)) {
            problems.add(path, mcu, "is not an MCU count MSK Connect offers", "use 1, 2, 4 or 8");
        }
    }

    private boolean range(String path, Integer value, int min, int max, String unit) {
        if (!required(path, value, "set " + min + " to " + max + " " + unit)) {
            return false;
        }
        if (value < min || value > max) {
            problems.add(path, value, "is out of range", "use " + min + " to " + max + " " + unit);
            return false;
        }
        return true;
    }

    private void logDelivery(String path, MskConnect.LogDelivery l) {
        if (l.cloudWatchLogs() != null && required(path + ".cloudWatchLogs.logGroup", l.cloudWatchLogs().logGroup(),
                "name the log group, e.g. /msk-connect/northwind-orders")) {
            match(path + ".cloudWatchLogs.logGroup", l.cloudWatchLogs().logGroup(), Rules.LOG_GROUP,
                    "is not a CloudWatch Logs group name", "use letters, digits and . - _ / #");
        }
        if (l.s3() != null && required(path + ".s3.bucket", l.s3().bucket(), "name the log bucket")) {
            bucket(path + ".s3.bucket", l.s3().bucket());
            if (l.s3() != null) {
                prefix(path + ".s3.prefix", l.s3().prefix());
            }
        }
        if (l.firehose() != null && required(path + ".firehose.deliveryStream", l.firehose().deliveryStream(),
                "name the Firehose delivery stream")) {
            match(path + ".firehose.deliveryStream", l.firehose().deliveryStream(), Rules.DELIVERY_STREAM,
                    "is not a Firehose delivery stream name", "use 1 to 64 letters, digits, '.', '_' and '-'");
        }
    }

    private void plugins(String path, MskConnect.Plugins pl, Sink sink) {
        if (required(path + ".debeziumVersion", pl.debeziumVersion(), "set debeziumVersion: 2.7.4.Final")) {
            match(path + ".debeziumVersion", pl.debeziumVersion(), Rules.DEBEZIUM_VERSION, "is not a Debezium release version",
                    "write a version as on Maven Central, e.g. 2.7.4.Final");
        }
        SinkPlugin sp = pl.sink();
        String sp0 = path + ".sink";
        if (sink != null && Sink.CONNECTOR_CLASSES.contains(sink.connectorClass())
                && !sp.kind().connectorClass().equals(sink.connectorClass())) {
            problems.add(sp0 + ".kind", sp.kind().name().toLowerCase(java.util.Locale.ROOT), "provides " + sp.kind().connectorClass()
                            + " but sink.connectorClass is " + sink.connectorClass(),
                    "use kind: " + (Sink.BUILT_IN_CONNECTOR.equals(sink.connectorClass()) ? "builtin" : "lenses")
                            + ", or change sink.connectorClass");
        }
        if (sp.kind() == SinkPluginKind.BUILTIN) {
            if (sp.file() != null || sp.url() != null || sp.sha256() != null) {
                problems.add(sp0, null, "the built-in sink plugin comes from the build; file, url and sha256 do not apply",
                        "remove file, url and sha256, or use kind: lenses");
            }
            return;
        }
        if ((sp.file() == null) == (sp.url() == null)) {
            problems.add(sp0, null, sp.file() == null ? "names neither file nor url of the Lenses plugin" : "names both file and url",
                    "give exactly one: file: <path to the plugin zip> or url: https://...");
        }
        if (sp.url() != null && !Placeholders.isPlaceholder(sp.url()) && !sp.url().matches("https?://\\S+")) {
            problems.add(sp0 + ".url", sp.url(), "is not an http(s) URL", "write https://... to the plugin zip");
        }
        if (required(sp0 + ".sha256", sp.sha256(), "give the plugin zip's SHA-256 (sha256sum <zip>)")) {
            match(sp0 + ".sha256", sp.sha256(), Rules.SHA256, "is not a SHA-256 digest", "write the 64 hex digits sha256sum prints");
        }
    }

    // ---------------------------------------------------------------- helpers

    private void bucket(String path, String bucket) {
        if (Placeholders.isPlaceholder(bucket)) {
            return;
        }
        String reason = Rules.bucketName(bucket);
        if (reason != null) {
            problems.add(path, bucket, "is not a valid S3 bucket name: it " + reason,
                    "use 3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or"
                            + " digit, e.g. data-lake-demo-cevo");
        }
    }

    private void prefix(String path, String prefix) {
        if (prefix != null) {
            match(path, prefix, Rules.KEY_PREFIX, "is not a usable object key prefix",
                    "use letters, digits and !_.*'()- in '/'-separated parts, without a '/' at either end");
        }
    }

    private void arn(String path, String value, Pattern pattern, String what, String example) {
        match(path, value, pattern, "is not " + what, "write it as " + example);
    }

    private void each(String path, List<String> values, Pattern pattern, String message, String fix) {
        for (int i = 0; i < values.size(); i++) {
            match(path + "[" + i + "]", values.get(i), pattern, message, fix);
        }
    }

    /** A container image the local runtime starts a part from (Testcontainers), when one is named. */
    private void localImage(String path, String image, Kind kind, String example) {
        if (image == null) {
            return;
        }
        if (kind != Kind.LOCAL) {
            problems.add(path, image, "applies to the local runtime only",
                    "move it to the local environment (the emulator's runtime is the same one)");
        } else {
            match(path, image, Rules.IMAGE_NAME, "is not a container image name",
                    "write an image as docker pull takes it, e.g. " + example);
        }
    }

    private boolean match(String path, String value, Pattern pattern, String message, String fix) {
        if (Placeholders.isPlaceholder(value) || pattern.matcher(value).matches()) {
            return true;
        }
        problems.add(path, value, message, fix);
        return false;
    }

    private boolean required(String path, Object value, String fix) {
        if (value == null || value instanceof String s && s.isBlank()) {
            problems.add(path, value == null ? null : "", "missing", fix);
            return false;
        }
        return true;
    }
}
