package io.cdclake.s3sink.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** The plugin as a Connect worker loads it: the built zip unpacked into {@code <plugin path>/cdclake-s3-sink/}. */
public final class PluginDirectory {

    private PluginDirectory() {
    }

    /**
     * Unpacks {@code target/cdclake-s3-sink-<version>.zip} (built by {@code mvn package}) under {@code pluginPath}.
     *
     * @return {@code pluginPath}, for the worker's {@code plugin.path}
     */
    public static Path unpackBuiltZip(Path pluginPath) {
        Path zip = builtZip();
        Path target = pluginPath.resolve("cdclake-s3-sink");
        try {
            Files.createDirectories(target);
            try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
                for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    Path out = target.resolve(e.getName()).normalize();
                    if (!out.startsWith(target)) {
                        throw new IOException("zip entry " + e.getName() + " escapes the plugin directory");
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(out);
                    } else {
                        Files.createDirectories(out.getParent());
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking " + zip, e);
        }
        return pluginPath;
    }

    /** The zip {@code mvn package} built: in {@code target/} of the module, or of {@code s3-sink/} from the root. */
    public static Path builtZip() {
        String configured = System.getProperty("project.build.directory");
        Path targetDir = configured != null ? Paths.get(configured)
                : Files.isDirectory(Paths.get("s3-sink", "target")) ? Paths.get("s3-sink", "target") : Paths.get("target");
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(targetDir, "cdclake-s3-sink-*.zip")) {
            for (Path zip : zips) {
                return zip;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException("no cdclake-s3-sink-*.zip in " + targetDir.toAbsolutePath()
                + "; build it first with mvn -pl s3-sink package");
    }
}
