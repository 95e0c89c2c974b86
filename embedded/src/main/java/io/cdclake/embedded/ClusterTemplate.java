package io.cdclake.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A freshly initialised cluster that new data directories start as copies of: initdb costs more than a second of
 * CPU on a small machine, copying what it made a tenth of that. One template per PostgreSQL version, next to the
 * binaries zonky unpacks ({@code <tmpdir>/embedded-pg}); made once by starting and cleanly stopping a server in a
 * directory of its own, then published by an atomic rename, so concurrent first starts never see half of one.
 */
final class ClusterTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterTemplate.class);
    /** Written last: how many files and bytes the template holds, so that one a /tmp cleaner thinned is made again. */
    private static final String MANIFEST = "cdclake-template.manifest";
    /** Not copied: the manifest, and what the server that made the template left behind (zonky's lock, a pid file). */
    private static final Set<String> LEFT_OUT = Set.of(MANIFEST, "epg-lock", "postmaster.pid");

    private final Path location;

    ClusterTemplate(Path location) {
        this.location = location;
    }

    /** The template of the PostgreSQL version this build runs. */
    static ClusterTemplate forThisVersion() {
        return new ClusterTemplate(Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg",
                "cdclake-cluster-template-" + BuildProperties.get("postgres.binaries.version")));
    }

    /**
     * Makes {@code dataDirectory} an initialised cluster when it is missing or empty; leaves any other directory
     * alone. When the template cannot be made, zonky's own initdb runs instead: the template is a speed-up only.
     */
    void initialise(Path dataDirectory) throws IOException {
        if (Files.isDirectory(dataDirectory)) {
            try (Stream<Path> entries = Files.list(dataDirectory)) {
                if (entries.findAny().isPresent()) {
                    return;
                }
            }
        }
        if (!isComplete(location)) {
            try {
                if (Files.exists(location)) {
                    LOG.warn("the cluster template at {} is incomplete; making it again", location);
                    Directories.delete(location);
                }
                make();
            } catch (IOException | RuntimeException e) {
                LOG.warn("no cluster template at {} ({}); initdb runs for {}", location, e.getMessage(), dataDirectory);
                return;
            }
        }
        copy(location, dataDirectory);
    }

    private static boolean isComplete(Path template) throws IOException {
        Path manifest = template.resolve(MANIFEST);
        return Files.isRegularFile(manifest) && Files.readString(manifest).equals(contents(template));
    }

    /** {@code files=<n> bytes=<total>} of the template's files apart from the manifest. */
    private static String contents(Path template) throws IOException {
        long files = 0;
        long bytes = 0;
        try (Stream<Path> tree = Files.walk(template)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                if (Files.isRegularFile(p) && !p.getFileName().toString().equals(MANIFEST)) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        }
        return "files=" + files + " bytes=" + bytes;
    }

    private void make() throws IOException {
        long started = System.nanoTime();
        Path making = location.resolveSibling(location.getFileName() + ".making-" + UUID.randomUUID());
        Files.createDirectories(making);
        try {
            EmbeddedPostgres.builder().setDataDirectory(making).setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false).start().close();
            LEFT_OUT.forEach(name -> making.resolve(name).toFile().delete());
            Files.writeString(making.resolve(MANIFEST), contents(making));
            try {
                Files.move(making, location, StandardCopyOption.ATOMIC_MOVE);
                LOG.info("cluster template made at {} in {} ms", location, (System.nanoTime() - started) / 1_000_000);
            } catch (IOException e) {
                if (!isComplete(location)) {
                    throw e;
                } // else another start published one first (its directory refuses the rename): use that one
            }
        } finally {
            if (Files.exists(making)) {
                Directories.delete(making);
            }
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : (Iterable<Path>) tree.sorted(Comparator.naturalOrder())::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    // PostgreSQL refuses a data directory others may read: the template's modes come along
                    if (Files.exists(target)) {
                        Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                    } else {
                        Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } else if (!LEFT_OUT.contains(source.getFileName().toString())) {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
