package io.cdclake.core.render;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One connector as Kafka Connect takes it: its name and its configuration, in rendering order.
 * {@link #toString()} and {@link #redacted()} never show a password or secret key.
 */
public record ConnectorConfig(String name, Map<String, String> config) {

    public static final String REDACTED = "******";

    public ConnectorConfig {
        config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** This configuration with every secret value replaced by {@value #REDACTED}; config-provider references stay. */
    public ConnectorConfig redacted() {
        Map<String, String> shown = new LinkedHashMap<>();
        config.forEach((k, v) -> shown.put(k, isSecret(k) && !isReference(v) ? REDACTED : v));
        return new ConnectorConfig(name, shown);
    }

    /** Whether a property holds a secret: passwords and secret keys. */
    public static boolean isSecret(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        return p.contains("password") || p.contains("secret.key") || p.contains("secret.access.key");
    }

    private static boolean isReference(String value) {
        return value != null && value.startsWith("${") && value.endsWith("}");
    }

    @Override
    public String toString() {
        return "ConnectorConfig[" + name + " " + redacted().config + "]";
    }
}
