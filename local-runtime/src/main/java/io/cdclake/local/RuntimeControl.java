package io.cdclake.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdclake.local.LocalRuntime.Part;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Executors;

/**
 * The runner's control channel for fault runs ({@code ./cdclake chaos}), off unless asked for: an HTTP endpoint on
 * the loopback address that stops and starts the runtime's parts, {@code POST /parts/<part>/stop} and
 * {@code /start} with part {@code postgres}, {@code kafka}, {@code connect} or {@code s3}. Its address is written
 * to {@value #FILE} in the data dir while it is open, so only someone who can read the data dir finds it.
 */
public final class RuntimeControl implements AutoCloseable {

    /** The file in the data dir holding the channel's base URL. */
    public static final String FILE = "control.url";

    private final HttpServer server;
    private final Path file;

    private RuntimeControl(HttpServer server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Opens the channel for {@code runtime} and writes its URL to the data dir. */
    public static RuntimeControl open(LocalRuntime runtime, Progress progress) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // one request at a time: a stop and a start of the same part never overlap
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cdclake-control");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/parts/", exchange -> handle(exchange, runtime, progress));
        server.start();
        Path file = runtime.dataDirectory().resolve(FILE);
        URI url = URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
        Files.writeString(file, url + "\n");
        progress.say("control", "fault control channel open on " + url);
        return new RuntimeControl(server, file);
    }

    /** The control URL a runner on {@code dataDir} wrote, if one runs with its channel open. */
    public static Optional<URI> url(Path dataDir) {
        try {
            Path file = dataDir.resolve(FILE);
            return Files.exists(file) ? Optional.of(URI.create(Files.readString(file).strip())) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + dataDir.resolve(FILE), e);
        }
    }

    private static void handle(HttpExchange exchange, LocalRuntime runtime, Progress progress) throws IOException {
        try (exchange) {
            String[] path = exchange.getRequestURI().getPath().split("/"); // "", "parts", part, action
            if (!"POST".equals(exchange.getRequestMethod()) || path.length != 4) {
                reply(exchange, 404, "use POST /parts/<part>/stop or /start");
                return;
            }
            Optional<Part> part = Arrays.stream(Part.values()).filter(p -> p.label().equals(path[2])).findFirst();
            if (part.isEmpty() || !(path[3].equals("stop") || path[3].equals("start"))) {
                reply(exchange, 404, "unknown part or action " + path[2] + "/" + path[3] + "; parts: postgres, kafka,"
                        + " connect, s3; actions: stop, start");
                return;
            }
            long t0 = System.nanoTime();
            try {
                if (path[3].equals("stop")) {
                    runtime.stop(part.get());
                } else {
                    runtime.start(part.get());
                }
            } catch (IllegalStateException e) {
                reply(exchange, 409, e.getMessage());
                return;
            } catch (Exception e) {
                reply(exchange, 500, path[3] + " " + path[2] + " failed: " + e);
                return;
            }
            String done = path[2] + " " + (path[3].equals("stop") ? "stopped" : "started") + " in "
                    + String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
            progress.say("control", done);
            reply(exchange, 200, done);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + file, e);
        }
    }
}
