package io.cdclake.deploy.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * What a plugin zip holds, as far as MSK Connect cares: jars at the root (MSK Connect's requirement), jars one
 * directory down (the usual packaging mistake), and the connector classes it provides with the Java version their
 * class files need.
 *
 * @param rootJars       jar entries at the root of the zip
 * @param nestedJarDirs  directories that hold jars when none are at the root, e.g. {@code debezium-connector-postgres/}
 * @param classVersions  each requested class found, with its class-file major version (55 = Java 11, 61 = Java 17)
 * @param streamReactorVersion the Lenses stream-reactor release a root jar's manifest names, e.g. {@code 9.0.2}; null
 *                       when none does (not a Lenses plugin, or one too old to say)
 */
public record ZipLayout(List<String> rootJars, List<String> nestedJarDirs, Map<String, Integer> classVersions,
                        String streamReactorVersion) {

    /** The manifest attribute stream-reactor's jars carry their release in. */
    static final String STREAM_REACTOR_VERSION = "StreamReactor-Version";

    /** The major release of {@link #streamReactorVersion}, e.g. 9; null when unknown. */
    public Integer streamReactorMajor() {
        if (streamReactorVersion == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)").matcher(streamReactorVersion);
        return m.lookingAt() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The Java release a class-file major version needs. */
    public static int javaRelease(int classMajorVersion) {
        return classMajorVersion - 44;
    }

    /**
     * Reads {@code zip}, looking for {@code classNames} (binary names, e.g. {@code io.debezium...PostgresConnector})
     * in the jars at its root.
     *
     * @throws IOException when it is not a readable zip
     */
    public static ZipLayout inspect(Path zip, Collection<String> classNames) throws IOException {
        // reading every jar of a plugin takes a while: the same file is inspected once per run of the JVM
        String key = zip.toAbsolutePath() + "|" + Files.size(zip) + "|" + Files.getLastModifiedTime(zip) + "|" + classNames;
        ZipLayout known = SEEN.get(key);
        if (known == null) {
            known = read(zip, classNames);
            SEEN.put(key, known);
        }
        return known;
    }

    private static final Map<String, ZipLayout> SEEN = new java.util.concurrent.ConcurrentHashMap<>();

    private static ZipLayout read(Path zip, Collection<String> classNames) throws IOException {
        List<String> rootJars = new ArrayList<>();
        List<String> nested = new ArrayList<>();
        Map<String, Integer> versions = new LinkedHashMap<>();
        Map<String, String> manifest = new LinkedHashMap<>();
        Map<String, String> wanted = new LinkedHashMap<>();
        classNames.forEach(c -> wanted.put(c.replace('.', '/') + ".class", c));
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Enumeration<? extends ZipEntry> entries = file.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                String name = e.getName();
                if (e.isDirectory() || !name.endsWith(".jar")) {
                    continue;
                }
                int slash = name.lastIndexOf('/');
                if (slash < 0) {
                    rootJars.add(name);
                    try (InputStream in = file.getInputStream(e)) {
                        findClasses(in, wanted, versions, manifest);
                    }
                } else if (!nested.contains(name.substring(0, slash + 1))) {
                    nested.add(name.substring(0, slash + 1));
                }
            }
        } catch (ZipException e) {
            throw new IOException(zip.getFileName() + " is not a zip archive (" + e.getMessage() + ")", e);
        }
        return new ZipLayout(List.copyOf(rootJars), rootJars.isEmpty() ? List.copyOf(nested) : List.of(), Map.copyOf(versions),
                manifest.get(STREAM_REACTOR_VERSION));
    }

    private static void findClasses(InputStream jar, Map<String, String> wanted, Map<String, Integer> versions,
                                    Map<String, String> manifest) throws IOException {
        ZipInputStream in = new ZipInputStream(jar);
        for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
            if (e.getName().equals("META-INF/MANIFEST.MF")) {
                String version = new Manifest(in).getMainAttributes().getValue(STREAM_REACTOR_VERSION);
                if (version != null) {
                    manifest.putIfAbsent(STREAM_REACTOR_VERSION, version.strip());
                }
                continue;
            }
            String className = wanted.get(e.getName());
            if (className != null) {
                byte[] header = in.readNBytes(8);
                if (header.length == 8) {
                    versions.put(className, ((header[6] & 0xff) << 8) | (header[7] & 0xff));
                }
            }
        }
    }
}
