package io.cdclake.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.Properties;

/** What the build wrote into {@code build.properties}: versions and locations the servers need at run time. */
final class BuildProperties {

    private static final Properties PROPERTIES = load();

    private BuildProperties() {
    }

    static String get(String key) {
        return Objects.requireNonNull(PROPERTIES.getProperty(key), () -> key + " is missing from build.properties");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildProperties.class.getResourceAsStream("build.properties")) {
            p.load(Objects.requireNonNull(in, "build.properties is missing from the cdclake-embedded jar"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
