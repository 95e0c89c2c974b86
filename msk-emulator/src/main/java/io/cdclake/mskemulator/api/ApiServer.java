package io.cdclake.mskemulator.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP front of the emulator: authenticates each request (SigV4), routes it to its operation, and answers in
 * MSK Connect's REST-JSON shape — a JSON body with status 200, or an error status with an {@code x-amzn-ErrorType}
 * header and a {@code {"message": ...}} body, which the AWS SDK turns into the matching exception class.
 */
public final class ApiServer implements AutoCloseable {

    /** Serves one operation: returns the response object, serialized as the JSON body. */
    @FunctionalInterface
    public interface Handler {
        Object handle(ApiRequest request);
    }

    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final SigV4Verifier verifier;
    private final Map<Operation, Handler> handlers;
    private final ObjectMapper json;

    public ApiServer(InetAddress address, int port, SigV4Verifier verifier, Map<Operation, Handler> handlers, ObjectMapper json) {
        this.verifier = verifier;
        this.handlers = new EnumMap<>(handlers);
        this.json = json;
        try {
            this.server = HttpServer.create(new InetSocketAddress(address, port), 50);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address.getHostAddress() + ":" + port
                    + " for the MSK Connect API: " + e.getMessage() + " (choose another port, or 0 for a free one)", e);
        }
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "msk-emulator-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String rawPath = exchange.getRequestURI().getRawPath();
        int status;
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            status = respond(exchange, method, rawPath, rawQuery, body);
        } catch (IOException e) {
            log.debug("MSK Connect API: {} {} failed while answering: {}", method, rawPath, e.getMessage());
            return;
        }
        log.debug("MSK Connect API: {} {} -> {} ({} ms)", method, rawPath, status, (System.nanoTime() - started) / 1_000_000);
    }

    private int respond(HttpExchange exchange, String method, String rawPath, String rawQuery, byte[] body) throws IOException {
        try {
            verifier.verify(method, rawPath, rawQuery, exchange.getRequestHeaders()::get, body);
            Operation.Match match = Operation.route(method, rawPath).orElseThrow(() -> new ApiException(
                    ErrorType.UNKNOWN_OPERATION, "No MSK Connect operation answers " + method + " " + rawPath));
            ApiRequest request = new ApiRequest(match.operation(), match.labels(), QueryString.parse(rawQuery), body, json);
            Object result = handlers.get(match.operation()).handle(request);
            send(exchange, 200, null, json.writeValueAsBytes(result == null ? Map.of() : result));
            return 200;
        } catch (ApiException e) {
            return sendError(exchange, e.type(), e.getMessage());
        } catch (RuntimeException e) {
            log.error("MSK Connect API: {} {} failed", method, rawPath, e);
            return sendError(exchange, ErrorType.INTERNAL_SERVER_ERROR, "The emulator failed to serve the request: " + e);
        }
    }

    private int sendError(HttpExchange exchange, ErrorType type, String message) throws IOException {
        send(exchange, type.httpStatus(), type.code(), json.writeValueAsBytes(Map.of("message", message)));
        return type.httpStatus();
    }

    private static void send(HttpExchange exchange, int status, String errorType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
