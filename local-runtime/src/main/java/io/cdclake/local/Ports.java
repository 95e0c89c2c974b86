package io.cdclake.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The ports of a local runtime, chosen free on its first start and kept in its data dir, so that a restart comes
 * back on the same ones: the connectors stored in Kafka keep reaching the database, and a person's psql keeps
 * working.
 */
final class Ports {

    private static final String FILE = "ports.properties";
    /** Where kept ports are chosen: above the well-known services, below the ephemeral range. */
    static final int FIRST = 20000;
    static final int EPHEMERAL = 32768;

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

    /**
     * A free port below the ephemeral range (32768 and up on Linux, 49152 and up on macOS and Windows). A port from
     * that range is what the system gives any socket bound to port 0, the outgoing connections of every program
     * included, so a kept one could be taken while the runtime is down and its restart refused (ChaosRunIT saw
     * Connect's REST port taken right after a runner kill).
     */
    private static int free() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, EPHEMERAL);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // another one
            }
        }
        throw new IllegalStateException("no free port between " + FIRST + " and " + (EPHEMERAL - 1)
                + " in 100 tries; stop some of the programs listening there");
    }
}
