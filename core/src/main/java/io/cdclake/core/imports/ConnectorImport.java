package io.cdclake.core.imports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdclake.core.model.DebeziumSource;
import io.cdclake.core.model.DebeziumSource.SnapshotMode;
import io.cdclake.core.model.DebeziumSource.Tuning;
import io.cdclake.core.model.Environment;
import io.cdclake.core.model.Flush;
import io.cdclake.core.model.MskConnect;
import io.cdclake.core.model.MskConnect.Plugins.SinkPlugin;
import io.cdclake.core.model.MskConnect.Plugins.SinkPluginKind;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.model.Sink;
import io.cdclake.core.model.Source;
import io.cdclake.core.model.TuningSetting;
import io.cdclake.core.render.ConnectorRenderer;
import io.cdclake.core.validate.PipelineValidator;
import io.cdclake.core.validate.Placeholders;
import io.cdclake.core.validate.Problem;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes a pipeline from a user's connector files: one Debezium PostgreSQL source and one KCQL S3 sink (the Lenses
 * class or the built-in one). Every setting is either mapped (and its origin kept for a comment) or listed as
 * unmapped with the reason. Secrets are never copied: the database password becomes a Secrets Manager reference
 * placeholder unless it already is a reference; S3 keys are left out (on MSK Connect the connector's execution role
 * reaches S3).
 */
public final class ConnectorImport {

    /** Debezium's own defaults, in effect when a file leaves them out. */
    static final String DEBEZIUM_DEFAULT_SLOT = "debezium";
    static final String DEBEZIUM_DEFAULT_PUBLICATION = "dbz_publication";
    static final String DEBEZIUM_VERSION = "2.7.4.Final";

    private static final Pattern TABLE = Pattern.compile("[a-z_][a-z0-9_$]*\\.[a-z_][a-z0-9_$]*");
    private static final Pattern REGEX_CHARS = Pattern.compile("[*+?()\\[\\]|\\\\^$]");
    /** A config-provider reference such as {@code ${secretsmanager:<arn>:password}}, kept as given. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.-]+):([^{}]+)}");
    private static final Pattern SECRET_ARN_REGION = Pattern.compile("arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):.*");
    private static final Pattern AWS_S3_ENDPOINT = Pattern.compile("https?://s3[.-]([a-z0-9-]+\\.)?amazonaws\\.com/?");
    private static final JsonMapper JSON = JsonMapper.builder().enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS).build();

    /**
     * @param pipelineName  the pipeline's name; null derives one from the source connector
     * @param keepSinkClass keep the files' sink connector class; otherwise the built-in sink, which reads the same
     *                      KCQL and {@code connect.s3.*} settings and needs no plugin of the user's
     * @param init          how the pipeline's database is made ({@code source.init}), which connector files do not
     *                      say; null: an existing database
     */
    public record Options(String pipelineName, boolean keepSinkClass, Source.Init init) {
        public static final Options DEFAULTS = new Options(null, false, null);
    }

    private final Map<String, String> comments = new LinkedHashMap<>();
    /** Which file and key a pipeline path came from, to point a validation problem back at it. */
    private final Map<String, String[]> origins = new LinkedHashMap<>();
    private final List<Unmapped> unmapped = new ArrayList<>();

    private ConnectorImport() {
    }

    /**
     * The pipeline of {@code files}: exactly one Debezium PostgreSQL source and one KCQL S3 sink.
     *
     * @throws ImportException when there is no source or no sink, two of either, an unsupported connector class,
     *                         or settings without which there is no valid pipeline
     */
    public static ImportedPipeline of(List<ConnectorFile> files, Options options) {
        ConnectorFile source = null;
        ConnectorFile sink = null;
        for (ConnectorFile f : files) {
            String cls = f.connectorClass();
            if (cls == null || cls.isEmpty()) {
                throw new ImportException(f.file(), "connector.class", "missing",
                        "name the connector class, " + ConnectorRenderer.POSTGRES_CONNECTOR + " or a KCQL S3 sink");
            }
            if (cls.equals(ConnectorRenderer.POSTGRES_CONNECTOR)) {
                if (source != null) {
                    throw new ImportException(f.file(), "connector.class", "is a second Debezium PostgreSQL source"
                            + " (the first is " + source.file() + ")", "pass one source file and one sink file");
                }
                source = f;
            } else if (Sink.CONNECTOR_CLASSES.contains(cls)) {
                if (sink != null) {
                    throw new ImportException(f.file(), "connector.class", "is a second S3 sink (the first is "
                            + sink.file() + ")", "pass one source file and one sink file");
                }
                sink = f;
            } else {
                throw new ImportException(f.file(), "connector.class", "'" + cls + "' is not a connector cdc-lake imports",
                        "pass a Debezium PostgreSQL source (" + ConnectorRenderer.POSTGRES_CONNECTOR + ") and a KCQL"
                                + " S3 sink (" + String.join(" or ", Sink.CONNECTOR_CLASSES) + ")");
            }
        }
        String names = String.join(", ", files.stream().map(ConnectorFile::file).toList());
        if (source == null) {
            throw new ImportException(names, "connector.class", "no file is a Debezium PostgreSQL source",
                    "add the source connector's file (connector.class=" + ConnectorRenderer.POSTGRES_CONNECTOR + ")");
        }
        if (sink == null) {
            throw new ImportException(names, "connector.class", "no file is a KCQL S3 sink",
                    "add the sink connector's file (connector.class=" + Sink.LENSES_CONNECTOR + ")");
        }
        return new ConnectorImport().build(source, sink, options, files.stream().map(ConnectorFile::file).toList());
    }

    private ImportedPipeline build(ConnectorFile sourceFile, ConnectorFile sinkFile, Options options, List<String> files) {
        Keys src = new Keys(sourceFile);
        Keys snk = new Keys(sinkFile);
        Source source = source(src);
        if (options.init() != null) {
            source = source.toBuilder().init(options.init()).build();
            comments.put("source.init", "given to init: the scripts that make the database, in this order");
        }
        String name = options.pipelineName() != null ? options.pipelineName() : pipelineName(sourceFile, source);
        comments.put("name", options.pipelineName() != null ? "given to init" : sourceFile.name() != null
                ? "from the source connector's name in " + sourceFile.file() : "from the database and the first table");
        DebeziumSource debezium = debezium(src, name);
        Database database = database(src);
        leftovers(src, "Debezium's default applies");
        Tuning tuning = debezium.tuning();
        SinkImport sink = sink(snk, name, source, debezium, tuning, options);
        leftovers(snk, "the sink's default applies");

        String region = sink.region != null ? sink.region : database.passwordRegion();
        Pipeline pipeline = Pipeline.builder().name(name)
                .description("Imported from " + String.join(" and ", files))
                .source(source).debezium(debezium).sink(sink.sink)
                .environment("local", Environment.builder().flush(new Flush(1, null, null)).build())
                .environment("aws", aws(name, region, database, sink.sink))
                .build();
        comments.put("environments.local", "The local runtime (./cdclake up): it supplies the database, Kafka and S3."
                + "\nA 1 s flush shows each change in S3 within a second; the files' flush applies on aws.");
        comments.put("environments.aws", "MSK Connect on AWS, with what the files say about it; replace every"
                + " <placeholder>\nbefore ./cdclake deploy (deploy refuses them and lists each one).");
        List<Problem> problems = PipelineValidator.validate(pipeline);
        if (!problems.isEmpty()) {
            throw new ImportException(problems.stream().map(this::pointBack).toList());
        }
        return new ImportedPipeline(pipeline, files, comments, unmapped);
    }

    /** A validation problem as a line about the file and key the value came from. */
    private String pointBack(Problem p) {
        String[] origin = origins.getOrDefault(p.path(), new String[] {"the imported pipeline", p.path()});
        return ImportException.line(origin[0], origin[1], p.path() + " " + p.message()
                + (p.value() == null ? "" : " (value: " + p.value() + ")"), p.fix());
    }

    // ---------------------------------------------------------------- source

    private Source source(Keys k) {
        k.take("connector.class");
        oneTask(k, "the PostgreSQL connector runs one task");
        String database = k.take("database.dbname");
        if (database == null) {
            throw new ImportException(k.file, "database.dbname", "missing", "name the database Debezium reads");
        }
        from("source.database", k.file, "database.dbname");

        String tablesKey = k.has("table.include.list") ? "table.include.list" : "table.whitelist";
        String tableList = k.first("table.include.list", "table.whitelist");
        if (tableList == null || tableList.isBlank()) {
            throw new ImportException(k.file, "table.include.list", "missing; cdc-lake captures the tables it lists",
                    "list the captured tables: table.include.list=schema.table,...");
        }
        List<String> tables = Arrays.stream(tableList.split(",")).map(String::strip).filter(t -> !t.isEmpty()).toList();
        for (String t : tables) {
            if (!TABLE.matcher(t).matches()) {
                throw new ImportException(k.file, tablesKey, "'" + t + "' " + (REGEX_CHARS.matcher(t).find()
                        ? "is a regular expression; a pipeline lists its tables by name"
                        : "is not a lower-case schema.table name"), "list each captured table as schema.table");
            }
        }
        from("source.tables", k.file, tablesKey);
        List<String> schemas = List.copyOf(new LinkedHashSet<>(tables.stream().map(Source::schemaOf).toList()));
        String schemaKey = k.firstKey("schema.include.list", "schema.include", "schema.whitelist");
        String schemaList = k.first("schema.include.list", "schema.include", "schema.whitelist");
        if (schemaKey != null && !new LinkedHashSet<>(Arrays.stream(schemaList.split(",")).map(String::strip).toList())
                .equals(new LinkedHashSet<>(schemas))) {
            unmapped(k.file, schemaKey, "lists '" + schemaList + "'; cdc-lake includes the captured tables' schemas ("
                    + String.join(", ", schemas) + ")");
        } else if (schemaKey != null) {
            k.take(schemaKey);
        }

        String publication = valueOr(k, "publication.name", "source.publication.name", DEBEZIUM_DEFAULT_PUBLICATION,
                ": Debezium's default");
        String autocreate = k.take("publication.autocreate.mode");
        boolean create = !"disabled".equals(strip(autocreate));
        comments.put("source.publication", create
                ? "publication.autocreate.mode is " + (autocreate == null ? "not set (Debezium's default all_tables)" : autocreate)
                        + " in " + k.file + ": cdc-lake creates the publication, for the captured tables, when it is missing"
                : "publication.autocreate.mode=disabled in " + k.file + ": the publication must exist and cover the tables");
        String slot = valueOr(k, "slot.name", "source.slotName", DEBEZIUM_DEFAULT_SLOT, ": Debezium's default");
        String plugin = k.take("plugin.name");
        if (plugin == null) {
            note("source.plugin", "not set in " + k.file + " (Debezium's default is decoderbufs): cdc-lake reads the"
                    + " publication with pgoutput");
        } else if (plugin.equals(Source.PGOUTPUT)) {
            from("source.plugin", k.file, "plugin.name");
        } else {
            unmapped(k.file, "plugin.name", "is " + plugin + "; cdc-lake decodes with pgoutput, the decoder that reads"
                    + " a publication");
        }
        return Source.builder().database(database).tables(tables).publication(publication, create)
                .slotName(slot).plugin(Source.PGOUTPUT).build();
    }

    private DebeziumSource debezium(Keys k, String pipelineName) {
        String connectorName = k.connectorName(pipelineName + "-source", "debezium.connectorName");
        String prefixKey = k.firstKey("topic.prefix", "database.server.name");
        String prefix = k.first("topic.prefix", "database.server.name");
        if (prefix == null) {
            throw new ImportException(k.file, "topic.prefix", "missing", "set the topic prefix Debezium names topics with");
        }
        from("debezium.topicPrefix", k.file, prefixKey + (prefixKey.equals("database.server.name")
                ? " (Debezium 1's name for topic.prefix)" : ""));
        SnapshotMode snapshotMode = null;
        String mode = k.take("snapshot.mode");
        if (mode != null) {
            snapshotMode = Arrays.stream(SnapshotMode.values()).filter(m -> m.property().equals(mode)).findFirst().orElse(null);
            if (snapshotMode == null) {
                unmapped(k.file, "snapshot.mode", "is " + mode + "; a pipeline takes one of "
                        + String.join(", ", Arrays.stream(SnapshotMode.values()).map(SnapshotMode::property).toList()));
            } else {
                from("debezium.snapshotMode", k.file, "snapshot.mode");
            }
        }
        converters(k, "cdc-lake writes the topics as JSON");
        DebeziumSource.Unwrap unwrap = unwrap(k);
        return DebeziumSource.builder().connectorName(connectorName).topicPrefix(prefix).snapshotMode(snapshotMode)
                .tuning(tuning(k)).unwrap(unwrap).build();
    }

    /** Each {@link TuningSetting} from its connector properties: the declarations say which. */
    private Tuning tuning(Keys k) {
        ObjectNode tree = JSON.createObjectNode();
        for (TuningSetting setting : TuningSetting.values()) {
            String value = null;
            String valueKey = null;
            // where the file's properties disagree, the value converter's decides: it shapes what the records carry
            List<String> properties = setting.properties().stream()
                    .sorted(java.util.Comparator.comparing(property -> !property.startsWith("value."))).toList();
            for (String property : properties) {
                String v = k.take(property);
                if (v == null) {
                    continue;
                }
                if (value == null) {
                    value = v.strip();
                    valueKey = property;
                } else if (!value.equals(v.strip())) {
                    unmapped(k.file, property, "differs from " + valueKey + " (" + value + "); the pipeline sets both"
                            + " with debezium.tuning." + setting.key());
                }
            }
            if (value == null) {
                continue;
            }
            ObjectNode one = JSON.createObjectNode();
            put(one, setting.key(), value);
            try {
                JSON.treeToValue(one, Tuning.class);
            } catch (Exception e) {
                unmapped(k.file, valueKey, "'" + value + "' is not a valid value for debezium.tuning." + setting.key());
                continue;
            }
            put(tree, setting.key(), value);
            from("debezium.tuning." + setting.key(), k.file, valueKey);
        }
        try {
            return JSON.treeToValue(tree, Tuning.class);
        } catch (Exception e) {
            throw new IllegalStateException("tuning values checked one by one failed together: " + e.getMessage(), e);
        }
    }

    /** Sets {@code dottedKey} (e.g. {@code producer.lingerMs}) in {@code root}, making the mappings on its way. */
    private static void put(ObjectNode root, String dottedKey, String value) {
        String[] path = dottedKey.split("\\.");
        ObjectNode at = root;
        for (int i = 0; i < path.length - 1; i++) {
            at = at.has(path[i]) ? (ObjectNode) at.get(path[i]) : at.putObject(path[i]);
        }
        at.put(path[path.length - 1], value);
    }

    private void converters(Keys k, String why) {
        for (String key : List.of("key.converter", "value.converter")) {
            String v = k.take(key);
            if (v != null && !v.strip().equals(ConnectorRenderer.JSON_CONVERTER)) {
                unmapped(k.file, key, "is " + v.strip() + "; " + why + " (" + ConnectorRenderer.JSON_CONVERTER + ")");
            }
        }
    }

    /** The unwrap transform: cdc-lake always applies ExtractNewRecordState; its settings map to debezium.unwrap. */
    private DebeziumSource.Unwrap unwrap(Keys k) {
        String list = k.take("transforms");
        List<String> aliases = list == null ? List.of()
                : Arrays.stream(list.split(",")).map(String::strip).filter(a -> !a.isEmpty()).toList();
        String unwrap = aliases.stream()
                .filter(a -> ConnectorRenderer.UNWRAP.equals(strip(k.peek("transforms." + a + ".type")))).findFirst()
                .orElse(null);
        for (String alias : aliases) {
            if (!alias.equals(unwrap)) {
                for (String key : k.startingWith("transforms." + alias + ".")) {
                    k.take(key);
                    unmapped(k.file, key, "cdc-lake applies only the unwrap transform (" + ConnectorRenderer.UNWRAP + ")");
                }
                if (k.startingWith("transforms." + alias + ".").isEmpty() && !k.wasSet("transforms." + alias + ".type")) {
                    unmapped(k.file, "transforms", "names '" + alias + "', which has no type; cdc-lake applies only the"
                            + " unwrap transform");
                }
            }
        }
        if (unwrap == null) {
            unmapped(k.file, "transforms", "has no " + ConnectorRenderer.UNWRAP + "; cdc-lake always applies it, so the"
                    + " records in S3 are the rows themselves");
            return null;
        }
        String p = "transforms." + unwrap + ".";
        k.take(p + "type");
        String mode = strip(k.take(p + "delete.tombstone.handling.mode"));
        String dropTombstones = strip(k.take(p + "drop.tombstones"));
        String deleteHandling = strip(k.take(p + "delete.handling.mode"));
        if (mode == null) {
            // Debezium's deprecated pair, with its defaults (drop.tombstones=true, delete.handling.mode=drop)
            boolean keepTombstones = "false".equalsIgnoreCase(dropTombstones);
            String deletes = deleteHandling == null ? "drop" : deleteHandling.toLowerCase(java.util.Locale.ROOT);
            mode = switch (deletes) {
                case "rewrite" -> keepTombstones ? "rewrite-with-tombstone" : "rewrite";
                case "none" -> keepTombstones ? "tombstone" : "drop";
                default -> keepTombstones ? "tombstone" : "drop";
            };
            if (dropTombstones != null || deleteHandling != null) {
                from("debezium.unwrap.deleteHandling", k.file, p + "drop.tombstones and " + p
                        + "delete.handling.mode (Debezium 1's pair for delete.tombstone.handling.mode)");
            }
        } else {
            from("debezium.unwrap.deleteHandling", k.file, p + "delete.tombstone.handling.mode");
            if (dropTombstones != null || deleteHandling != null) {
                unmapped(k.file, dropTombstones != null ? p + "drop.tombstones" : p + "delete.handling.mode",
                        "is deprecated, and Debezium ignores it beside delete.tombstone.handling.mode");
            }
        }
        String fields = k.take(p + "add.fields");
        if (fields != null) {
            from("debezium.unwrap.addFields", k.file, p + "add.fields");
        }
        String headers = k.take(p + "add.headers");
        if (headers != null) {
            from("debezium.unwrap.addHeaders", k.file, p + "add.headers");
        }
        for (String key : k.startingWith(p)) {
            k.take(key);
            unmapped(k.file, key, "is not an unwrap setting a pipeline declares (deleteHandling, addFields, addHeaders)");
        }
        return new DebeziumSource.Unwrap(mode, fields == null ? List.of() : List.copyOf(fieldSet(fields)),
                headers == null ? List.of() : List.copyOf(fieldSet(headers)));
    }

    private static Set<String> fieldSet(String fields) {
        return new LinkedHashSet<>(Arrays.stream(fields.split(",")).map(String::strip).toList());
    }

    private static String strip(String s) {
        return s == null ? null : s.strip();
    }

    // ---------------------------------------------------------------- the database as MSK Connect reaches it

    /** What the source file says about the database endpoint; the password only as a reference. */
    private record Database(String host, Integer port, String user, String passwordReference, String provider) {
        String passwordRegion() {
            if (passwordReference == null) {
                return null;
            }
            Matcher m = REFERENCE.matcher(passwordReference);
            if (m.matches()) {
                Matcher arn = SECRET_ARN_REGION.matcher(m.group(2));
                if (arn.matches() && !Placeholders.isPlaceholder(arn.group(1))) {
                    return arn.group(1);
                }
            }
            return null;
        }
    }

    private Database database(Keys k) {
        String aws = "environments.aws.database.";
        String host = valueOr(k, "database.hostname", aws + "host", "<database-host>", "");
        Integer port = null;
        String portText = k.take("database.port");
        if (portText != null) {
            try {
                port = Integer.valueOf(portText.strip());
                from(aws + "port", k.file, "database.port");
            } catch (NumberFormatException e) {
                unmapped(k.file, "database.port", "'" + portText + "' is not a port number; the pipeline leaves the port"
                        + " unset (5432)");
            }
        }
        String user = valueOr(k, "database.user", aws + "user", "<database-user>", "");
        String password = k.take("database.password");
        if (password != null && REFERENCE.matcher(password.strip()).matches()) {
            Matcher m = REFERENCE.matcher(password.strip());
            m.matches();
            from(aws + "password", k.file, "database.password, a reference kept as given");
            return new Database(host, port, user, password.strip(), m.group(1));
        }
        if (password != null && !Placeholders.isPlaceholder(password)) {
            unmapped(k.file, "database.password", "a secret, not copied: store it in Secrets Manager and put the"
                    + " secret's ARN in environments.aws.database.password");
        }
        note(aws + "password", (password == null ? "not set in " + k.file : k.file + " database.password is "
                + (Placeholders.isPlaceholder(password) ? "a placeholder" : "a secret and not copied"))
                + ": a Secrets Manager reference to fill in");
        return new Database(host, port, user, null, "secretsmanager");
    }

    private Environment aws(String name, String region, Database db, Sink sink) {
        String awsRegion = region != null ? region : "<aws-region>";
        if (region == null) {
            note("environments.aws.region", "no file names the region");
        }
        String password = db.passwordReference() != null ? db.passwordReference()
                : "${secretsmanager:arn:aws:secretsmanager:" + awsRegion + ":<account-id>:secret:<secret-name>:password}";
        Map<String, String> worker = new LinkedHashMap<>();
        worker.put("config.providers", db.provider());
        worker.put("config.providers." + db.provider() + ".class", switch (db.provider()) {
            case "secretsmanager" -> "com.amazonaws.kafka.config.providers.SecretsManagerConfigProvider";
            case "env" -> "org.apache.kafka.common.config.provider.EnvVarConfigProvider";
            default -> "<config-provider-class-of-" + db.provider() + ">";
        });
        if (db.provider().equals("secretsmanager")) {
            worker.put("config.providers.secretsmanager.param.region", awsRegion);
        }
        comments.put("environments.aws.msk.workerProperties",
                "resolves the database password's ${" + db.provider() + ":...} reference on the workers");
        boolean lenses = Sink.LENSES_CONNECTOR.equals(sink.connectorClass());
        SinkPlugin sinkPlugin = lenses
                ? new SinkPlugin(SinkPluginKind.LENSES, null, "<url-of-the-lenses-s3-sink-plugin-zip>", "<sha256-of-that-zip>")
                : SinkPlugin.BUILT_IN;
        MskConnect msk = MskConnect.builder()
                .cluster(new MskConnect.Cluster("<bootstrap-broker-1>:9098,<bootstrap-broker-2>:9098", null,
                        List.of("<private-subnet-id-1>", "<private-subnet-id-2>"), List.of("<security-group-id>"),
                        MskConnect.ClientAuthentication.IAM, MskConnect.EncryptionInTransit.TLS))
                .capacity(MskConnect.Capacity.provisioned(1, 1))
                .kafkaConnectVersion("3.7.x")
                .serviceExecutionRoleArn("arn:aws:iam::<account-id>:role/<msk-connect-role>")
                .logDelivery(MskConnect.LogDelivery.cloudWatchLogs("/msk-connect/" + name))
                .pluginBucket(new MskConnect.PluginBucket("<plugin-bucket>", "msk-connect/plugins"))
                .plugins(new MskConnect.Plugins(DEBEZIUM_VERSION, sinkPlugin))
                .workerProperties(worker)
                .tags(Map.of("pipeline", name))
                .build();
        note("environments.aws.msk.cluster", "connector files do not say which cluster: MSK with IAM on 9098 assumed");
        return Environment.builder().region(awsRegion)
                .database(new Environment.Database(db.host(), db.port(), db.user(), password)).msk(msk).build();
    }

    // ---------------------------------------------------------------- sink

    private record SinkImport(Sink sink, String region) {
    }

    private SinkImport sink(Keys k, String pipelineName, Source source, DebeziumSource debezium, Tuning tuning,
                            Options options) {
        String fileClass = k.take("connector.class").strip();
        String connectorClass = options.keepSinkClass() ? fileClass : Sink.BUILT_IN_CONNECTOR;
        if (options.keepSinkClass() || fileClass.equals(Sink.BUILT_IN_CONNECTOR)) {
            from("sink.connectorClass", k.file, "connector.class");
        } else {
            note("sink.connectorClass", k.file + " names " + fileClass + "; the built-in sink reads the same settings"
                    + " (up --plugin-dir with the Lenses plugin runs that one)");
        }
        String connectorName = k.connectorName(pipelineName + "-sink", "sink.connectorName");
        oneTask(k, "cdc-lake runs one sink task");
        List<String> sourceTopics = source.tables().stream().map(t -> debezium.topicPrefix() + "." + t).toList();

        String kcql = k.take("connect.s3.kcql");
        if (kcql == null) {
            throw new ImportException(k.file, "connect.s3.kcql", "missing", "write the sink's KCQL: INSERT INTO"
                    + " <bucket>:<prefix> SELECT * FROM <topic> PARTITIONBY <field> STOREAS `json`");
        }
        List<KcqlStatement> statements = KcqlStatement.parseAll(kcql, k.file, "connect.s3.kcql");
        KcqlStatement first = statements.get(0);
        if (first.prefix() == null || first.prefix().isEmpty()) {
            throw new ImportException(k.file, "connect.s3.kcql", "INSERT INTO " + first.bucket() + " has no object key"
                    + " prefix", "write INSERT INTO " + first.bucket() + ":<prefix>");
        }
        String kcqlKey = "connect.s3.kcql";
        from("sink.bucket", k.file, kcqlKey + " INSERT INTO");
        from("sink.prefix", k.file, kcqlKey + " INSERT INTO");
        from("sink.partitionBy", k.file, kcqlKey + " PARTITIONBY");
        Sink.StoreAs storeAs = storeAs(k.file, first, connectorClass);
        Flush flush = flush(k.file, first);
        List<Sink.Statement> own = new java.util.ArrayList<>();
        for (int i = 0; i < statements.size(); i++) {
            KcqlStatement s = statements.get(i);
            String which = kcqlKey + (statements.size() > 1 ? " statement " + (i + 1) : "");
            if (!sourceTopics.contains(s.topic())) {
                unmapped(k.file, which, "reads topic " + s.topic() + ", which no captured table writes (they write "
                        + String.join(", ", sourceTopics) + ")");
            }
            if (!s.select().equals("*")) {
                unmapped(k.file, which, "selects " + s.select() + "; the pipeline writes every field (SELECT *)");
            }
            if (i > 0 && !sameStorage(first, s)) {
                unmapped(k.file, which, "writes " + s.topic() + " to another bucket, format or flush than statement 1;"
                        + " the pipeline writes every topic as statement 1 does");
            }
            if (i > 0 && sourceTopics.contains(s.topic()) && (!java.util.Objects.equals(first.prefix(), s.prefix())
                    || !first.partitionBy().equals(s.partitionBy()))) {
                String at = "sink.statements[" + own.size() + "]";
                own.add(new Sink.Statement(s.topic(), java.util.Objects.equals(first.prefix(), s.prefix()) ? null : s.prefix(),
                        first.partitionBy().equals(s.partitionBy()) ? null : s.partitionBy()));
                from(at, k.file, which);
            }
            s.others().forEach(clause -> unmapped(k.file, which + " " + clause.split(" ")[0],
                    "'" + clause + "' is not in the pipeline model; the sink's default applies"));
        }
        first.properties().keySet().stream().filter(p -> !p.startsWith("flush."))
                .forEach(p -> unmapped(k.file, kcqlKey + " PROPERTIES('" + p + "')", "not in the pipeline model; the"
                        + " sink's default applies"));
        sourceTopics.stream().filter(t -> statements.stream().noneMatch(s -> s.topic().equals(t)))
                .forEach(t -> note("sink", "topic " + t + " has no statement in " + k.file + "; the pipeline writes it"
                        + " as statement 1"));
        String topics = k.first("topics", "topics.regex");
        if (topics != null && !new LinkedHashSet<>(Arrays.stream(topics.split(",")).map(String::strip).toList())
                .equals(new LinkedHashSet<>(sourceTopics))) {
            unmapped(k.file, "topics", "is " + topics + "; the sink reads the captured tables' topics ("
                    + String.join(", ", sourceTopics) + ")");
        }

        Sink.Compatibility compatibility = compatibility(k, first);
        String regionKey = k.firstKey("connect.s3.aws.region", "aws.region");
        String region = k.first("connect.s3.aws.region", "aws.region");
        if (region != null) {
            from("environments.aws.region", k.file, regionKey);
        }
        String endpointKey = k.firstKey("connect.s3.custom.endpoint", "aws.custom.endpoint");
        String endpoint = k.first("connect.s3.custom.endpoint", "aws.custom.endpoint");
        if (endpoint != null) {
            unmapped(k.file, endpointKey, AWS_S3_ENDPOINT.matcher(endpoint.strip()).matches()
                    ? "is S3's own endpoint, which the sink uses by default"
                    : "cdc-lake sets the endpoint per environment (the local S3 server, or S3 itself on AWS)");
        }
        String auth = k.first("connect.s3.aws.auth.mode", "aws.auth.mode");
        if (auth != null && !auth.strip().equalsIgnoreCase("Default")) {
            unmapped(k.file, "connect.s3.aws.auth.mode", "is " + auth.strip() + "; on MSK Connect the connector's"
                    + " execution role reaches S3 (Default), locally the runtime supplies credentials");
        }
        for (String secret : List.of("connect.s3.aws.access.key", "connect.s3.aws.secret.key", "aws.access.key",
                "aws.secret.key")) {
            if (k.take(secret) != null) {
                unmapped(k.file, secret, "a secret, not copied: on MSK Connect the connector's execution role reaches S3");
            }
        }
        String vhost = k.firstKey("connect.s3.vhost.bucket", "aws.vhost.bucket");
        if (k.first("connect.s3.vhost.bucket", "aws.vhost.bucket") != null) {
            unmapped(k.file, vhost, "cdc-lake sets the addressing style per environment (path style locally)");
        }
        converters(k, "the sink reads the topics as JSON");
        boolean schemas = tuning.effectiveConverterSchemas();
        for (String key : List.of("key.converter.schemas.enable", "value.converter.schemas.enable")) {
            String v = k.take(key);
            if (v != null && !v.strip().equalsIgnoreCase(String.valueOf(schemas))) {
                unmapped(k.file, key, "is " + v.strip() + "; the sink reads the topics as the source writes them"
                        + " (schemas " + schemas + ", debezium.tuning.converterSchemas)");
            }
        }
        Sink.Errors errors = errors(k);
        return new SinkImport(Sink.builder().connectorName(connectorName).connectorClass(connectorClass)
                .bucket(first.bucket()).prefix(first.prefix()).partitionBy(first.partitionBy()).storeAs(storeAs)
                .flush(flush).errors(errors).statements(own).compatibility(compatibility).build(),
                region == null ? null : region.strip());
    }

    /**
     * The Lenses line the file was written for: as the built-in sink's {@code connect.s3.compatibility} says, else
     * by its forms: {@code WITH_FLUSH_*} or the {@code aws.*} keys are Lenses 3 / 4, which current Lenses refuses.
     */
    private Sink.Compatibility compatibility(Keys k, KcqlStatement first) {
        String stated = k.take("connect.s3.compatibility");
        if (stated != null) {
            Sink.Compatibility line = Arrays.stream(Sink.Compatibility.values())
                    .filter(c -> c.toString().equalsIgnoreCase(stated.strip())).findFirst().orElse(null);
            if (line != null) {
                from("sink.compatibility", k.file, "connect.s3.compatibility");
                return line;
            }
            unmapped(k.file, "connect.s3.compatibility", "'" + stated.strip() + "' is not a Lenses line cdc-lake knows"
                    + " (lenses-9, lenses-3); the line is taken from the file's KCQL");
        }
        String skipNulls = k.take("connect.s3.skip.null.values");
        if (skipNulls != null && !skipNulls.strip().equalsIgnoreCase("true")) {
            unmapped(k.file, "connect.s3.skip.null.values", "is " + skipNulls.strip() + "; cdc-lake skips tombstones,"
                    + " which carry no record to write");
        }
        List<String> oldKeys = k.startingWith("aws.");
        if (!first.flush().isEmpty() || !oldKeys.isEmpty()) {
            note("sink.compatibility", k.file + (first.flush().isEmpty() ? " uses " + oldKeys.get(0)
                    : " writes WITH_FLUSH_" + first.flush().keySet().iterator().next().toUpperCase(Locale.ROOT))
                    + ", which only Lenses 3 and 4 accept (current Lenses refuses it): lenses-3; for current Lenses"
                    + " write lenses-9, and the renderer writes PROPERTIES('flush.*')");
            return Sink.Compatibility.LENSES_3;
        }
        note("sink.compatibility", "current Lenses (7.0 and later), as the file's KCQL and keys are written");
        return Sink.Compatibility.LENSES_9;
    }

    private Sink.StoreAs storeAs(String file, KcqlStatement s, String connectorClass) {
        if (s.storeAs() == null) {
            note("sink.storeAs", "no STOREAS in " + file);
            return Sink.StoreAs.JSON;
        }
        Sink.StoreAs storeAs = Arrays.stream(Sink.StoreAs.values()).filter(f -> f.kcql().equalsIgnoreCase(s.storeAs()))
                .findFirst().orElse(null);
        if (storeAs == null) {
            unmapped(file, "connect.s3.kcql STOREAS", "'" + s.storeAs() + "' is not a format the pipeline knows; it"
                    + " stores json");
            return Sink.StoreAs.JSON;
        }
        if (storeAs != Sink.StoreAs.JSON && Sink.BUILT_IN_CONNECTOR.equals(connectorClass)) {
            unmapped(file, "connect.s3.kcql STOREAS", "is " + storeAs.kcql() + "; the built-in sink stores json (keep"
                    + " the Lenses sink class to store " + storeAs.kcql() + ")");
            return Sink.StoreAs.JSON;
        }
        from("sink.storeAs", file, "connect.s3.kcql STOREAS");
        return storeAs;
    }

    /** WITH_FLUSH_* (Lenses 4.x) or PROPERTIES('flush.*') (Lenses 7 and later). */
    private Flush flush(String file, KcqlStatement s) {
        Long interval = flushValue(file, s, "interval");
        Long count = flushValue(file, s, "count");
        Long size = flushValue(file, s, "size");
        return new Flush(interval == null ? null : Math.toIntExact(interval), count == null ? null : Math.toIntExact(count),
                size);
    }

    private Long flushValue(String file, KcqlStatement s, String what) {
        String clause = s.flush().get(what);
        String property = s.properties().get("flush." + what);
        String key = clause != null ? "connect.s3.kcql WITH_FLUSH_" + what.toUpperCase(Locale.ROOT)
                : "connect.s3.kcql PROPERTIES('flush." + what + "')";
        String value = clause != null ? clause : property;
        if (clause != null && property != null && !clause.equals(property)) {
            unmapped(file, "connect.s3.kcql PROPERTIES('flush." + what + "')", "differs from WITH_FLUSH_"
                    + what.toUpperCase(Locale.ROOT) + " (" + clause + "), which the pipeline keeps");
        }
        if (value == null) {
            return null;
        }
        String path = "sink.flush." + (what.equals("interval") ? "intervalSeconds" : what.equals("size") ? "sizeBytes" : "count");
        try {
            long v = Long.parseLong(value.strip());
            if (v <= 0 || !what.equals("size") && v > Integer.MAX_VALUE) {
                throw new NumberFormatException();
            }
            from(path, file, key);
            return v;
        } catch (NumberFormatException e) {
            unmapped(file, key, "'" + value + "' is not a positive whole number; the pipeline leaves it unset");
            return null;
        }
    }

    private static boolean sameStorage(KcqlStatement a, KcqlStatement b) {
        return a.bucket().equals(b.bucket()) && java.util.Objects.equals(a.storeAs(), b.storeAs())
                && a.flush().equals(b.flush()) && a.properties().equals(b.properties());
    }

    private Sink.Errors errors(Keys k) {
        Sink.Errors.Tolerance tolerance = null;
        String t = k.take("errors.tolerance");
        if (t != null) {
            tolerance = Arrays.stream(Sink.Errors.Tolerance.values()).filter(v -> v.property().equals(t.strip()))
                    .findFirst().orElse(null);
            if (tolerance == null) {
                unmapped(k.file, "errors.tolerance", "is " + t + "; Connect takes none or all");
            } else {
                from("sink.errors.tolerance", k.file, "errors.tolerance");
            }
        }
        Boolean logEnable = null;
        String l = k.take("errors.log.enable");
        if (l != null) {
            if (l.strip().equalsIgnoreCase("true") || l.strip().equalsIgnoreCase("false")) {
                logEnable = Boolean.valueOf(l.strip());
                from("sink.errors.logEnable", k.file, "errors.log.enable");
            } else {
                unmapped(k.file, "errors.log.enable", "is " + l + "; Connect takes true or false");
            }
        }
        return new Sink.Errors(tolerance, logEnable);
    }

    // ---------------------------------------------------------------- helpers

    /** The file's value of {@code key}, or {@code fallback} with a comment saying the file does not set it. */
    private String valueOr(Keys k, String key, String path, String fallback, String why) {
        String value = k.take(key);
        if (value == null) {
            note(path, "not set in " + k.file + why);
            return fallback;
        }
        from(path, k.file, key);
        return value.strip();
    }

    private void oneTask(Keys k, String why) {
        String tasks = k.take("tasks.max");
        if (tasks != null && !tasks.strip().equals("1")) {
            unmapped(k.file, "tasks.max", "is " + tasks.strip() + "; " + why);
        }
    }

    private void leftovers(Keys k, String consequence) {
        k.remaining().forEach(key -> unmapped(k.file, key, "not a setting of the pipeline model; cdc-lake does not"
                + " render it, so " + consequence));
    }

    private static String pipelineName(ConnectorFile sourceFile, Source source) {
        String base = sourceFile.name() != null ? sourceFile.name().replaceAll("(?i)[-_.]?source$", "")
                : source.database() + "-" + source.tables().get(0).substring(source.tables().get(0).indexOf('.') + 1);
        String name = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        name = name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
        return name.isEmpty() ? "imported" : name;
    }

    private void from(String path, String file, String key) {
        comments.put(path, "from " + file + " " + key);
        origins.put(path, new String[] {file, key.split("[ ,]")[0]});
    }

    private void note(String path, String comment) {
        comments.merge(path, comment, (a, b) -> a + "; " + b);
    }

    private void unmapped(String file, String key, String reason) {
        unmapped.add(new Unmapped(file, key, reason));
    }

    /** One file's properties; each is taken once, and what is left at the end is reported as unmapped. */
    private final class Keys {
        final String file;
        private final ConnectorFile source;
        private final Map<String, String> left;

        Keys(ConnectorFile f) {
            this.file = f.file();
            this.source = f;
            this.left = new LinkedHashMap<>(f.config());
        }

        String take(String key) {
            return left.remove(key);
        }

        String peek(String key) {
            return left.get(key);
        }

        boolean has(String key) {
            return left.containsKey(key);
        }

        boolean wasSet(String key) {
            return source.config().containsKey(key);
        }

        /** The first of {@code keys} that is set; the others are taken too (reported when they disagree). */
        String first(String... keys) {
            String found = null;
            String foundKey = null;
            for (String key : keys) {
                String v = take(key);
                if (v != null && found == null) {
                    found = v.strip();
                    foundKey = key;
                } else if (v != null && !v.strip().equals(found)) {
                    unmapped(file, key, "differs from " + foundKey + ", which the pipeline keeps");
                }
            }
            return found;
        }

        String firstKey(String... keys) {
            return Arrays.stream(keys).filter(left::containsKey).findFirst().orElse(null);
        }

        List<String> startingWith(String prefix) {
            return left.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
        }

        List<String> remaining() {
            return List.copyOf(left.keySet());
        }

        /** The connector's name: the REST JSON's, a {@code name} property, or {@code fallback}. */
        String connectorName(String fallback, String path) {
            String property = take("name");
            if (source.name() != null) {
                from(path, file, "name");
                if (property != null && !property.equals(source.name())) {
                    unmapped(file, "name", "differs from the REST JSON's name (" + source.name() + ")");
                }
                return source.name();
            }
            if (property != null) {
                from(path, file, "name");
                return property.strip();
            }
            note(path, file + " names no connector");
            return fallback;
        }
    }
}
