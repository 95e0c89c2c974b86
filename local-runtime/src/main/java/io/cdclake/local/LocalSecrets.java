package io.cdclake.local;

import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Kafka Connect config provider that keeps secrets in this JVM's memory only. Connect stores connector
 * configurations in plain text in its config topic, that is in a file under the data dir; with the value replaced
 * by {@code ${cdclake:<vault>:<key>}}, the topic holds the reference and the worker resolves it when it starts a
 * connector, as {@code ${secretsmanager:...}} works on MSK Connect. A runtime in this JVM owns one vault; what it
 * holds must be given again after a restart (the runner asks for the password anyway).
 */
public final class LocalSecrets implements ConfigProvider {

    /** The provider's name in the worker's {@code config.providers}. */
    public static final String PROVIDER = "cdclake";

    private static final Map<String, Map<String, String>> VAULTS = new ConcurrentHashMap<>();

    /**
     * The vault of the runtime on {@code dataDirectory}, created empty. Its name depends on the directory only, so
     * the references in a resumed runtime's config topic find the secrets again once the runtime holds them.
     */
    static String openVault(Path dataDirectory) {
        String vault = "runtime-" + Integer.toHexString(dataDirectory.toAbsolutePath().normalize().hashCode());
        VAULTS.put(vault, new ConcurrentHashMap<>());
        return vault;
    }

    /** Keeps {@code value} in {@code vault} and returns the reference a connector configuration holds instead. */
    static String reference(String vault, String key, String value) {
        Map<String, String> secrets = VAULTS.get(vault);
        if (secrets == null) {
            throw new IllegalStateException("the runtime that owned vault " + vault + " has stopped");
        }
        secrets.put(key, value);
        return "${" + PROVIDER + ":" + vault + ":" + key + "}";
    }

    static void dropVault(String vault) {
        VAULTS.remove(vault);
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public ConfigData get(String path) {
        return new ConfigData(new HashMap<>(VAULTS.getOrDefault(path, Map.of())));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        Map<String, String> secrets = VAULTS.getOrDefault(path, Map.of());
        Map<String, String> found = new HashMap<>();
        keys.forEach(k -> {
            if (secrets.containsKey(k)) {
                found.put(k, secrets.get(k));
            }
        });
        return new ConfigData(found);
    }

    @Override
    public void close() {
    }
}
