package io.cdclake.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The ports of a local runtime, chosen free on its first start and kept in its data dir, so that a restart comes
 * back on the same ones: the connectors stored in Kafka keep reaching the database, and a person's psql keeps
 * working.
 */
final class Ports {

    private static final String FILE = "ports.properties";

    private final Path file;
    private final Properties ports = new Properties();

    private Ports(Path file) {
        this.file = file;
    }

    static Ports in(Path dataDir) {
        Ports p = new Ports(dataDir.resolve(FILE));
        if (Files.exists(p.file)) {
            try (Reader r = Files.newBufferedReader(p.file)) {
                p.ports.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + p.file, e);
            }
        }
        return p;
    }

    /** The port kept for {@code part}, or a free one, kept from now on. */
    synchronized int of(String part) {
        String kept = ports.getProperty(part);
        if (kept != null) {
            return Integer.parseInt(kept);
        }
        int port = free();
        ports.setProperty(part, Integer.toString(port));
        save();
        return port;
    }

    private void save() {
        try {
            Files.createDirectories(file.getParent());
            try (Writer w = Files.newBufferedWriter(file)) {
                ports.store(w, "ports of this local runtime, kept across restarts");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file, e);
        }
    }

    private static int free() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("finding a free port", e);
        }
    }
}
