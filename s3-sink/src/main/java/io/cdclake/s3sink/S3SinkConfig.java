package io.cdclake.s3sink;

import io.cdclake.s3sink.kcql.Compatibility;
import io.cdclake.s3sink.kcql.KcqlException;
import io.cdclake.s3sink.kcql.KcqlParser;
import io.cdclake.s3sink.kcql.KcqlStatement;
import io.cdclake.s3sink.write.RetryPolicy;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.sink.SinkTask;
import software.amazon.awssdk.core.SdkSystemSetting;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The sink's configuration, declared once: the Lenses S3 sink's names (plus the article's older {@code aws.*}
 * names, which only the Lenses 3 line accepts), and this sink's own retry and index settings. Every
 * {@code connect.s3.*} key means what it means to the Lenses line chosen with {@link #COMPATIBILITY}. {@link #problems} holds the checks that span several
 * settings, so Connect's validate endpoint and a starting task refuse the same things with the same words.
 */
public final class S3SinkConfig extends AbstractConfig {

    public static final String KCQL = "connect.s3.kcql";
    public static final String REGION = "connect.s3.aws.region";
    public static final String AUTH_MODE = "connect.s3.aws.auth.mode";
    public static final String ACCESS_KEY = "connect.s3.aws.access.key";
    public static final String SECRET_KEY = "connect.s3.aws.secret.key";
    public static final String CUSTOM_ENDPOINT = "connect.s3.custom.endpoint";
    public static final String VHOST_BUCKET = "connect.s3.vhost.bucket";
    public static final String PATH_STYLE_ACCESS = "connect.s3.path.style.access";
    public static final String COMPATIBILITY = "connect.s3.compatibility";
    public static final String SKIP_NULL_VALUES = "connect.s3.skip.null.values";
    public static final String LEGACY_REGION = "aws.region";
    public static final String LEGACY_CUSTOM_ENDPOINT = "aws.custom.endpoint";
    public static final String RETRIES = "connect.s3.retries";
    public static final String RETRY_BACKOFF_MS = "connect.s3.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "connect.s3.retry.backoff.max.ms";
    public static final String INDEXES_NAME = "connect.s3.indexes.name";

    public static final String AUTH_MODE_CREDENTIALS = "Credentials";
    public static final String AUTH_MODE_DEFAULT = "Default";

    /** Each older name and the current name that replaces it. */
    public static final Map<String, String> LEGACY_NAMES = Map.of(
            LEGACY_REGION, REGION,
            LEGACY_CUSTOM_ENDPOINT, CUSTOM_ENDPOINT);
    /**
     * The older names Lenses 9 refuses (with the current name of each), and {@code aws.region}, which it does not
     * read: a connector carrying it would write to the worker's region.
     */
    static final Map<String, String> NOT_IN_LENSES_9 = Map.of(
            "aws.auth.mode", AUTH_MODE,
            "aws.access.key", ACCESS_KEY,
            "aws.secret.key", SECRET_KEY,
            LEGACY_CUSTOM_ENDPOINT, CUSTOM_ENDPOINT,
            "aws.vhost.bucket", VHOST_BUCKET,
            LEGACY_REGION, REGION);

    private static final String GROUP_KCQL = "KCQL";
    private static final String GROUP_AWS = "AWS";
    private static final String GROUP_DELIVERY = "Delivery";
    private static final Pattern REGION_NAME = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(KCQL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "One or more ';'-separated statements INSERT INTO bucket[:prefix] SELECT * FROM topic"
                            + " [PARTITIONBY f1[, f2...] | NOPARTITION] [STOREAS `json`], then with lenses-9"
                            + " [PROPERTIES('flush.interval'=s, 'flush.count'=n, 'flush.size'=bytes, ...)], with"
                            + " lenses-3 [WITH_FLUSH_INTERVAL = s] [WITH_FLUSH_COUNT = n] [WITH_FLUSH_SIZE = bytes].",
                    GROUP_KCQL, 1, Width.LONG, "KCQL statements")
            .define(COMPATIBILITY, Type.STRING, Compatibility.LENSES_9.configName(), new CompatibilityValidator(),
                    Importance.MEDIUM, "The Lenses S3 sink line to behave like: lenses-9 (current Lenses: KCQL"
                            + " PROPERTIES, 12-digit offsets in object names) or lenses-3 (the release the article"
                            + " deploys: WITH_FLUSH_* clauses, offsets as they are).",
                    GROUP_KCQL, 2, Width.SHORT, "Lenses compatibility")
            .define(SKIP_NULL_VALUES, Type.BOOLEAN, false, Importance.MEDIUM,
                    "lenses-9: true skips records with a null value (tombstones); false (Lenses' default) fails"
                            + " the task on one. lenses-3 always skips them.",
                    GROUP_KCQL, 3, Width.SHORT, "Skip null values")
            .define(REGION, Type.STRING, null, new RegionValidator(), Importance.HIGH,
                    "AWS region of the bucket, e.g. ap-southeast-2. Without it, the worker's AWS_REGION is used.",
                    GROUP_AWS, 1, Width.SHORT, "AWS region")
            .define(AUTH_MODE, Type.STRING, AUTH_MODE_DEFAULT,
                    ConfigDef.CaseInsensitiveValidString.in(AUTH_MODE_CREDENTIALS, AUTH_MODE_DEFAULT), Importance.HIGH,
                    "Credentials: use connect.s3.aws.access.key and connect.s3.aws.secret.key. Default: the AWS SDK's"
                            + " default credentials chain (on MSK Connect, the connector's service execution role).",
                    GROUP_AWS, 2, Width.SHORT, "AWS authentication mode")
            .define(ACCESS_KEY, Type.STRING, null, Importance.MEDIUM,
                    "AWS access key id; required with connect.s3.aws.auth.mode=Credentials.",
                    GROUP_AWS, 3, Width.MEDIUM, "AWS access key")
            .define(SECRET_KEY, Type.PASSWORD, null, Importance.MEDIUM,
                    "AWS secret access key; required with connect.s3.aws.auth.mode=Credentials. Never logged.",
                    GROUP_AWS, 4, Width.MEDIUM, "AWS secret key")
            .define(CUSTOM_ENDPOINT, Type.STRING, null, new EndpointValidator(), Importance.MEDIUM,
                    "S3 endpoint URL to use instead of AWS's, e.g. http://localhost:9000 for an S3-compatible server.",
                    GROUP_AWS, 5, Width.LONG, "S3 endpoint")
            .define(VHOST_BUCKET, Type.BOOLEAN, false, Importance.LOW,
                    "As in Lenses, despite its name: true sends path-style requests (host/bucket/key), which a"
                            + " local S3-compatible server needs; false virtual-host style (bucket.host/key).",
                    GROUP_AWS, 6, Width.SHORT, "Virtual-host buckets")
            .define(PATH_STYLE_ACCESS, Type.BOOLEAN, null, Importance.LOW,
                    "true: path-style requests; false: virtual-host style. Takes priority over " + VHOST_BUCKET
                            + " when set.",
                    GROUP_AWS, 7, Width.SHORT, "Path-style access")
            .define(LEGACY_REGION, Type.STRING, null, new RegionValidator(), Importance.LOW,
                    "Deprecated: use " + REGION + ".", GROUP_AWS, 8, Width.SHORT, "AWS region (deprecated)")
            .define(LEGACY_CUSTOM_ENDPOINT, Type.STRING, null, new EndpointValidator(), Importance.LOW,
                    "Deprecated: use " + CUSTOM_ENDPOINT + ".", GROUP_AWS, 9, Width.LONG, "S3 endpoint (deprecated)")
            .define(RETRIES, Type.INT, 10, ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "How many times a failed S3 request (object write, index read or write) is retried before the"
                            + " task fails. Nothing is acknowledged to Kafka until its object is written.",
                    GROUP_DELIVERY, 1, Width.SHORT, "S3 retries")
            .define(RETRY_BACKOFF_MS, Type.LONG, 500L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Wait before the first retry, in ms; it doubles on each further retry up to "
                            + RETRY_BACKOFF_MAX_MS + ".",
                    GROUP_DELIVERY, 2, Width.SHORT, "S3 retry backoff (ms)")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 10_000L, ConfigDef.Range.atLeast(1), Importance.LOW,
                    "Longest wait between two retries, in ms. With the defaults a task rides out about a minute of"
                            + " S3 outage before it fails.",
                    GROUP_DELIVERY, 3, Width.SHORT, "S3 retry backoff cap (ms)")
            .define(INDEXES_NAME, Type.STRING, ".indexes", new IndexesNameValidator(), Importance.LOW,
                    "Top-level directory of the bucket holding the sink's write-ahead index objects"
                            + " (<name>/<connector>/<topic>/<partition>.json), which make delivery exactly once.",
                    GROUP_DELIVERY, 4, Width.MEDIUM, "Index directory");

    private final List<KcqlStatement> statements;
    private final Map<String, String> originals;

    /** @throws ConfigException naming the first bad setting */
    public S3SinkConfig(Map<String, String> props) {
        super(CONFIG_DEF, props, false);
        this.originals = Map.copyOf(props.entrySet().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        Map<String, List<String>> problems = problems(props, CONFIG_DEF.validateAll(props));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.values().stream().flatMap(List::stream)
                    .collect(Collectors.joining("; ")));
        }
        this.statements = KcqlParser.parse(getString(KCQL), compatibility());
    }

    public Compatibility compatibility() {
        return Compatibility.parse(getString(COMPATIBILITY)).orElseThrow();
    }

    /** Tombstones carry nothing to write: skipped by lenses-3 always, by lenses-9 when asked. */
    public boolean skipsTombstones() {
        return compatibility() == Compatibility.LENSES_3 || getBoolean(SKIP_NULL_VALUES);
    }

    public List<KcqlStatement> statements() {
        return statements;
    }

    /** The region named by the configuration (current or older name) or the worker's AWS_REGION. */
    public String region() {
        return effectiveRegion(getString(REGION), getString(LEGACY_REGION)).orElseThrow();
    }

    public Optional<URI> endpoint() {
        String value = getString(CUSTOM_ENDPOINT) != null ? getString(CUSTOM_ENDPOINT) : getString(LEGACY_CUSTOM_ENDPOINT);
        return Optional.ofNullable(value).map(S3SinkConfig::endpointUri);
    }

    public boolean usesCredentials() {
        return AUTH_MODE_CREDENTIALS.equalsIgnoreCase(getString(AUTH_MODE));
    }

    public String accessKey() {
        return getString(ACCESS_KEY);
    }

    public Password secretKey() {
        return getPassword(SECRET_KEY);
    }

    /** Lenses passes {@code connect.s3.vhost.bucket} to the SDK's path-style flag as it is; so does this sink. */
    public boolean pathStyle() {
        Boolean explicit = getBoolean(PATH_STYLE_ACCESS);
        return explicit != null ? explicit : getBoolean(VHOST_BUCKET);
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(getInt(RETRIES), Duration.ofMillis(getLong(RETRY_BACKOFF_MS)),
                Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS)));
    }

    public String indexesName() {
        return getString(INDEXES_NAME);
    }

    /** The connector's name, which Connect adds to every task's configuration. */
    public String connectorName() {
        return originals.getOrDefault("name", "unnamed");
    }

    /** {@code errors.tolerance=all}: records the sink cannot place are reported and skipped, not fatal. */
    public boolean toleratesErrors() {
        return "all".equalsIgnoreCase(originals.getOrDefault("errors.tolerance", "none").trim());
    }

    /** One warning per older setting in use, naming the current one. */
    public List<String> deprecationWarnings() {
        List<String> warnings = new ArrayList<>();
        LEGACY_NAMES.forEach((legacy, current) -> {
            if (originals.containsKey(legacy)) {
                warnings.add(legacy + " is deprecated; use " + current + " instead");
            }
        });
        warnings.sort(null);
        return warnings;
    }

    /**
     * The problems that span several settings, by the setting to report each on. Settings whose own value is
     * already refused by their validator are not looked at again.
     */
    public static Map<String, List<String>> problems(Map<String, String> props, Map<String, ConfigValue> values) {
        Map<String, List<String>> problems = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (!value.errorMessages().isEmpty()) {
                problems.computeIfAbsent(name, k -> new ArrayList<>()).addAll(value.errorMessages());
            }
        });
        String authMode = valid(values, AUTH_MODE);
        String accessKey = valid(values, ACCESS_KEY);
        Object secret = values.get(SECRET_KEY).value();
        boolean hasSecret = secret instanceof Password && ((Password) secret).value() != null
                && !((Password) secret).value().isEmpty();
        if (AUTH_MODE_CREDENTIALS.equalsIgnoreCase(authMode)) {
            if (accessKey == null || accessKey.isBlank()) {
                add(problems, ACCESS_KEY, ACCESS_KEY + " is required when " + AUTH_MODE + "=Credentials");
            }
            if (!hasSecret) {
                add(problems, SECRET_KEY, SECRET_KEY + " is required when " + AUTH_MODE + "=Credentials");
            }
        } else if (AUTH_MODE_DEFAULT.equalsIgnoreCase(authMode) && (accessKey != null || hasSecret)) {
            add(problems, accessKey != null ? ACCESS_KEY : SECRET_KEY, (accessKey != null ? ACCESS_KEY : SECRET_KEY)
                    + " is set but " + AUTH_MODE + "=Default ignores it; set " + AUTH_MODE
                    + "=Credentials or remove the key");
        }
        LEGACY_NAMES.forEach((legacy, current) -> {
            String old = valid(values, legacy);
            String now = valid(values, current);
            if (old != null && now != null && !old.equals(now)) {
                add(problems, legacy, legacy + "=" + old + " contradicts " + current + "=" + now
                        + "; remove the deprecated " + legacy);
            }
        });
        if (!problems.containsKey(REGION) && !problems.containsKey(LEGACY_REGION)
                && effectiveRegion(valid(values, REGION), valid(values, LEGACY_REGION)).isEmpty()) {
            add(problems, REGION, REGION + " is not set (nor " + LEGACY_REGION + ", nor AWS_REGION on the worker);"
                    + " set it to the bucket's region, e.g. ap-southeast-2");
        }
        Long backoff = valid(values, RETRY_BACKOFF_MS);
        Long backoffMax = valid(values, RETRY_BACKOFF_MAX_MS);
        if (backoff != null && backoffMax != null && backoffMax < backoff) {
            add(problems, RETRY_BACKOFF_MAX_MS, RETRY_BACKOFF_MAX_MS + "=" + backoffMax + " is below "
                    + RETRY_BACKOFF_MS + "=" + backoff + "; raise it or lower the backoff");
        }
        String line = valid(values, COMPATIBILITY);
        Compatibility compatibility = line == null ? null : Compatibility.parse(line).orElse(null);
        if (compatibility == Compatibility.LENSES_9) {
            NOT_IN_LENSES_9.forEach((old, current) -> {
                if (props.containsKey(old)) {
                    add(problems, values.containsKey(old) ? old : current,
                            old + " is not a Lenses 9 setting (Lenses 9 refuses the old aws.* keys: 'The following"
                                    + " properties have been deprecated'); use " + current + ", or set "
                                    + COMPATIBILITY + "=lenses-3 for the Lenses 3 the article deploys");
                }
            });
        } else if (compatibility == Compatibility.LENSES_3 && props.containsKey(SKIP_NULL_VALUES)) {
            add(problems, SKIP_NULL_VALUES, SKIP_NULL_VALUES + " is a Lenses 9 setting; with " + COMPATIBILITY
                    + "=lenses-3 tombstones are always skipped: remove it, or set " + COMPATIBILITY + "=lenses-9");
        }
        String kcql = valid(values, KCQL);
        if (kcql != null && compatibility != null) {
            try {
                topicProblems(props, KcqlParser.parse(kcql, compatibility)).forEach(p -> add(problems, KCQL, p));
            } catch (KcqlException e) {
                add(problems, KCQL, KCQL + ": " + e.getMessage());
            }
        }
        return problems;
    }

    /** Every KCQL topic must be consumed (topics / topics.regex), every consumed topic must have a statement. */
    private static List<String> topicProblems(Map<String, String> props, List<KcqlStatement> statements) {
        List<String> problems = new ArrayList<>();
        String topicsValue = props.get(SinkTask.TOPICS_CONFIG);
        String regexValue = props.get(SinkTask.TOPICS_REGEX_CONFIG);
        List<String> topics = topicsValue == null || topicsValue.isBlank() ? List.of()
                : Arrays.stream(topicsValue.split(",")).map(String::trim).filter(t -> !t.isEmpty())
                .collect(Collectors.toList());
        Pattern regex = null;
        if (regexValue != null && !regexValue.isBlank()) {
            try {
                regex = Pattern.compile(regexValue.trim());
            } catch (RuntimeException e) {
                regex = null; // Connect itself reports an invalid topics.regex
            }
        }
        for (KcqlStatement s : statements) {
            if (!topics.isEmpty() && !topics.contains(s.topic())) {
                problems.add(KCQL + ": statement " + s.number() + " reads topic '" + s.topic() + "', which is not in "
                        + SinkTask.TOPICS_CONFIG + " (" + String.join(",", topics) + "); add it there or fix the name");
            } else if (topics.isEmpty() && regex != null && !regex.matcher(s.topic()).matches()) {
                problems.add(KCQL + ": statement " + s.number() + " reads topic '" + s.topic() + "', which "
                        + SinkTask.TOPICS_REGEX_CONFIG + " (" + regexValue + ") does not match");
            }
            for (KcqlStatement other : statements) {
                if (other.number() < s.number() && other.topic().equals(s.topic()) && other.bucket().equals(s.bucket())
                        && other.prefix().equals(s.prefix())) {
                    problems.add(KCQL + ": statements " + other.number() + " and " + s.number() + " both write topic '"
                            + s.topic() + "' to " + s.target() + "; keep one");
                }
            }
        }
        for (String topic : topics) {
            if (statements.stream().noneMatch(s -> s.topic().equals(topic))) {
                problems.add(KCQL + ": topic '" + topic + "' in " + SinkTask.TOPICS_CONFIG + " has no statement; add"
                        + " INSERT INTO bucket:prefix SELECT * FROM " + topic);
            }
        }
        return problems;
    }

    private static Optional<String> effectiveRegion(String current, String legacy) {
        if (current != null && !current.isBlank()) {
            return Optional.of(current.trim());
        }
        if (legacy != null && !legacy.isBlank()) {
            return Optional.of(legacy.trim());
        }
        return SdkSystemSetting.AWS_REGION.getStringValue().filter(r -> !r.isBlank());
    }

    @SuppressWarnings("unchecked")
    private static <T> T valid(Map<String, ConfigValue> values, String name) {
        ConfigValue value = values.get(name);
        return value == null || !value.errorMessages().isEmpty() ? null : (T) value.value();
    }

    private static void add(Map<String, List<String>> problems, String name, String problem) {
        problems.computeIfAbsent(name, k -> new ArrayList<>()).add(problem);
    }

    private static URI endpointUri(String value) {
        String trimmed = value.trim();
        // "https://s3.ap-southeast-2.amazonaws.com/" (as in the article): the SDK wants no path
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return URI.create(trimmed);
    }

    private static final class CompatibilityValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (Compatibility.parse((String) value).isEmpty()) {
                throw new ConfigException(name, value, "not a Lenses line this sink knows; use one of "
                        + Compatibility.names());
            }
        }

        @Override
        public String toString() {
            return Compatibility.names();
        }
    }

    private static final class RegionValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && !REGION_NAME.matcher(((String) value).trim()).matches()) {
                throw new ConfigException(name, value, "not an AWS region name; use one such as ap-southeast-2");
            }
        }

        @Override
        public String toString() {
            return "an AWS region name such as ap-southeast-2";
        }
    }

    private static final class EndpointValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null) {
                return;
            }
            String problem = null;
            try {
                URI uri = new URI(((String) value).trim());
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    problem = "must be an http:// or https:// URL, e.g. http://localhost:9000";
                } else if (uri.getHost() == null) {
                    problem = "names no host; use e.g. https://s3.ap-southeast-2.amazonaws.com";
                } else if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    problem = "must not carry a query or fragment";
                }
            } catch (URISyntaxException e) {
                problem = "not a URL (" + e.getReason() + "); use e.g. http://localhost:9000";
            }
            if (problem != null) {
                throw new ConfigException(name, value, problem);
            }
        }

        @Override
        public String toString() {
            return "an http(s) URL";
        }
    }

    private static final class IndexesNameValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String v = value == null ? "" : ((String) value).trim();
            if (v.isEmpty() || v.startsWith("/") || v.endsWith("/") || v.contains("//")) {
                throw new ConfigException(name, value, "must be a non-empty key prefix without leading or trailing"
                        + " '/', e.g. .indexes");
            }
        }

        @Override
        public String toString() {
            return "a key prefix such as .indexes";
        }
    }
}
