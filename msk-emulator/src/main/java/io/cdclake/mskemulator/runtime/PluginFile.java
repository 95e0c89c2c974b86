package io.cdclake.mskemulator.runtime;

import io.cdclake.embedded.ConnectWorker;
import io.cdclake.mskemulator.model.PluginContentType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * A custom plugin file as downloaded: checked the way a plugin must be to load in Kafka Connect (a readable ZIP of
 * JARs, or a JAR, holding at least one connector) and unpacked into a plugin directory.
 *
 * <p>Connector classes are found from the {@code META-INF/services} entries Kafka Connect's service loading reads
 * (KIP-898); for plugins that do not ship them, from the names of classes ending in {@code Connector}.
 */
final class PluginFile {

    private final Path file;
    private final PluginContentType type;

    PluginFile(Path file, PluginContentType type) {
        this.file = file;
        this.type = type;
    }

    /**
     * What a plugin file holds: its connector classes, and whether it declares them as services (so that Kafka
     * Connect's {@code plugin.discovery=service_load} finds them without scanning).
     */
    record Contents(List<String> connectorClasses, boolean declaredAsServices) {
    }

    /** The connectors in the file; fails if it is not a usable plugin. */
    Contents contents() throws PluginInstallException {
        Found found = new Found();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (type == PluginContentType.JAR) {
                scanJar(zip, found);
            } else {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    if (!entry.isDirectory() && entry.getName().endsWith(".jar")) {
                        found.jars++;
                        try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
                            scanNestedJar(jar, found);
                        }
                    }
                }
                if (found.jars == 0) {
                    throw new PluginInstallException("INVALID_PLUGIN_FILE",
                            "The ZIP file contains no JAR files: put the connector's JARs (and their dependencies) in the ZIP");
                }
            }
        } catch (ZipException e) {
            throw new PluginInstallException("INVALID_PLUGIN_FILE", "The plugin file is not a valid " + type
                    + " file (" + e.getMessage() + "): upload a " + type + " and create a new custom plugin");
        } catch (IOException e) {
            throw new PluginInstallException("INVALID_PLUGIN_FILE", "The plugin file cannot be read: " + e.getMessage(), e);
        }
        List<String> classes = List.copyOf(found.services.isEmpty() ? found.connectorNamedClasses : found.services);
        if (classes.isEmpty()) {
            throw new PluginInstallException("NO_CONNECTOR_FOUND", "The plugin file holds no Kafka Connect connector"
                    + " (no META-INF/services entry for SourceConnector or SinkConnector and no class named *Connector)");
        }
        return new Contents(classes, !found.services.isEmpty());
    }

    /** Unpacks the plugin into {@code directory}: a ZIP's entries, or the JAR itself. */
    void unpackTo(Path directory, String jarName) throws PluginInstallException {
        try {
            Files.createDirectories(directory);
            if (type == PluginContentType.JAR) {
                Files.copy(file, directory.resolve(jarName), StandardCopyOption.REPLACE_EXISTING);
                return;
            }
            Path root = directory.toAbsolutePath().normalize();
            try (ZipFile zip = new ZipFile(file.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    Path target = root.resolve(entry.getName()).normalize();
                    if (!target.startsWith(root)) {
                        throw new PluginInstallException("INVALID_PLUGIN_FILE",
                                "The ZIP entry '" + entry.getName() + "' points outside the plugin directory");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        try (InputStream in = zip.getInputStream(entry)) {
                            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new PluginInstallException("PLUGIN_UNPACK_FAILED", "The plugin cannot be unpacked into "
                    + directory + ": " + e.getMessage(), e);
        }
    }

    private static void scanJar(ZipFile jar, Found found) throws IOException {
        Enumeration<? extends ZipEntry> entries = jar.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            if (ConnectWorker.CONNECTOR_SERVICE_FILES.contains(entry.getName())) {
                try (InputStream in = jar.getInputStream(entry)) {
                    readServices(in, found);
                }
            } else {
                noteClass(entry.getName(), found);
            }
        }
    }

    private static void scanNestedJar(ZipInputStream jar, Found found) throws IOException {
        for (ZipEntry entry = jar.getNextEntry(); entry != null; entry = jar.getNextEntry()) {
            if (ConnectWorker.CONNECTOR_SERVICE_FILES.contains(entry.getName())) {
                readServices(jar, found);
            } else {
                noteClass(entry.getName(), found);
            }
        }
    }

    private static void readServices(InputStream in, Found found) throws IOException {
        // not closed: for a nested JAR the stream is the enclosing ZipInputStream
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String name = line.replaceAll("#.*", "").trim();
            if (!name.isEmpty()) {
                found.services.add(name);
            }
        }
    }

    private static void noteClass(String entryName, Found found) {
        if (entryName.endsWith("Connector.class") && !entryName.contains("$")) {
            found.connectorNamedClasses.add(entryName.substring(0, entryName.length() - ".class".length()).replace('/', '.'));
        }
    }

    private static final class Found {
        int jars;
        final TreeSet<String> services = new TreeSet<>();
        final TreeSet<String> connectorNamedClasses = new TreeSet<>();
    }
}
