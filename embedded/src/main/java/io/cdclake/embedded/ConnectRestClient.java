package io.cdclake.embedded;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/**
 * A client of the Kafka Connect REST API (any worker: embedded, on a laptop, or a user's cluster). Connect's
 * error responses become {@link ConnectRestException}s carrying Connect's own message.
 */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REBALANCE_RETRY_SECONDS = 30;
    private static final Duration POLL = Duration.ofMillis(200);

    private final URI baseUrl;
    private final HttpClient http;

    public ConnectRestClient(URI baseUrl) {
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public URI baseUrl() {
        return baseUrl;
    }

    /** A connector or task state as Connect reports it; {@code trace} holds the failure's stack trace. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record State(String state, @JsonProperty("worker_id") String workerId, String trace, Integer id) {
    }

    /** {@code GET /connectors/{name}/status}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConnectorStatus(String name, State connector, List<State> tasks) {
        public boolean running() {
            return "RUNNING".equals(connector.state()) && !tasks.isEmpty()
                    && tasks.stream().allMatch(t -> "RUNNING".equals(t.state()));
        }

        /** The first failure's trace (connector or task), prefixed {@code task N: } for a task, or empty. */
        public Optional<String> failure() {
            if ("FAILED".equals(connector.state())) {
                return Optional.of(Objects.requireNonNullElse(connector.trace(), "connector failed"));
            }
            return failedTask().map(t -> "task " + t.id() + ": " + Objects.requireNonNullElse(t.trace(), "failed"));
        }

        /** The same failure in one line: what failed, the trace's first line and its root cause, if any. */
        public Optional<String> failureSummary() {
            if ("FAILED".equals(connector.state())) {
                return Optional.of(summary("the connector", connector.trace()));
            }
            return failedTask().map(t -> summary("task " + t.id(), t.trace()));
        }

        private Optional<State> failedTask() {
            return tasks.stream().filter(t -> "FAILED".equals(t.state())).findFirst();
        }

        private static String summary(String what, String trace) {
            if (trace == null || trace.isBlank()) {
                return what + " failed (Connect gave no trace)";
            }
            List<String> lines = trace.strip().lines().toList();
            String rootCause = lines.stream().filter(l -> l.startsWith("Caused by: ")).reduce((a, b) -> b)
                    .map(l -> "; caused by " + l.substring("Caused by: ".length())).orElse("");
            return what + " failed: " + lines.get(0) + rootCause;
        }
    }

    /** {@code GET /connector-plugins}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PluginInfo(@JsonProperty("class") String className, String type, String version) {
    }

    /** {@code PUT /connector-plugins/{class}/config/validate}: the errors per property. */
    public record Validation(int errorCount, Map<String, List<String>> errors) {
    }

    /** Waits until the worker's REST API answers ({@code GET /connectors} gives 200). */
    public void awaitReady(Duration timeout) {
        AtomicReference<String> last = new AtomicReference<>("no answer");
        try {
            await("Kafka Connect at " + baseUrl).atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> {
                        try {
                            HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/connectors")).GET());
                            last.set("HTTP " + r.statusCode());
                            return r.statusCode() == 200;
                        } catch (ConnectRestException e) {
                            last.set(e.getMessage());
                            return false;
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new ConnectRestException(0, "Kafka Connect at " + baseUrl + " was not ready within "
                    + describe(timeout) + " (" + last.get() + ")");
        }
    }

    public List<String> connectors() {
        return read(expect(send(HttpRequest.newBuilder(uri("/connectors")).GET()), 200), new TypeReference<>() { });
    }

    public List<PluginInfo> plugins() {
        return read(expect(send(HttpRequest.newBuilder(uri("/connector-plugins?connectorsOnly=false")).GET()), 200),
                new TypeReference<>() { });
    }

    /** Creates the connector, or updates its configuration when it exists. */
    public void putConfig(String name, Map<String, String> config) {
        expect(send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(config)))), 200, 201);
    }

    public Optional<Map<String, String>> config(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/config")).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(expect(r, 200), new TypeReference<LinkedHashMap<String, String>>() { }));
    }

    public Optional<ConnectorStatus> status(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/status")).GET());
        if (r.statusCode() == 404) {
            return Optional.empty();
        }
        return Optional.of(read(expect(r, 200), new TypeReference<ConnectorStatus>() { }));
    }

    /** Deletes the connector; nothing happens when it does not exist. */
    public void delete(String name) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/connectors/" + encode(name))).DELETE());
        if (r.statusCode() != 404) {
            expect(r, 200, 204);
        }
    }

    public void restart(String name) {
        restart(name, false);
    }

    /** Restarts the connector and its tasks, or ({@code onlyFailed}) only those that failed (KIP-745). */
    public void restart(String name, boolean onlyFailed) {
        expect(send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=" + onlyFailed))
                .POST(HttpRequest.BodyPublishers.noBody())), 200, 202, 204);
    }

    public void pause(String name) {
        expect(send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/pause")).PUT(HttpRequest.BodyPublishers.noBody())), 202);
    }

    public void resume(String name) {
        expect(send(HttpRequest.newBuilder(uri("/connectors/" + encode(name) + "/resume")).PUT(HttpRequest.BodyPublishers.noBody())), 202);
    }

    /**
     * Asks the plugin to validate {@code config} without creating anything.
     *
     * @param connectorClass the connector's full class name (or an alias Connect knows)
     */
    public Validation validate(String connectorClass, Map<String, String> config) {
        Map<String, String> body = new LinkedHashMap<>(config);
        body.putIfAbsent("connector.class", connectorClass);
        JsonNode result = readTree(expect(send(HttpRequest.newBuilder(uri("/connector-plugins/" + encode(connectorClass) + "/config/validate"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(write(body)))), 200));
        Map<String, List<String>> errors = new LinkedHashMap<>();
        for (JsonNode c : result.path("configs")) {
            JsonNode value = c.path("value");
            if (value.path("errors").size() > 0) {
                errors.put(value.path("name").asText(), JSON.convertValue(value.path("errors"), new TypeReference<List<String>>() { }));
            }
        }
        return new Validation(result.path("error_count").asInt(), errors);
    }

    /**
     * Waits until the connector and all its tasks run.
     *
     * @throws ConnectRestException when the connector or a task failed (with Connect's trace, the message naming
     *     the failure and its root cause), or when the timeout passed first (naming the states reached)
     */
    public ConnectorStatus awaitRunning(String name, Duration timeout) {
        AtomicReference<Optional<ConnectorStatus>> last = new AtomicReference<>(Optional.empty());
        try {
            return await("connector " + name + " running").atMost(timeout).pollDelay(Duration.ZERO).pollInterval(POLL)
                    .until(() -> {
                        Optional<ConnectorStatus> status = status(name);
                        last.set(status);
                        Optional<String> failure = status.flatMap(ConnectorStatus::failureSummary);
                        if (failure.isPresent()) {
                            throw new ConnectRestException(0, "connector " + name + ": " + failure.get(),
                                    status.flatMap(ConnectorStatus::failure).orElseThrow());
                        }
                        return status;
                    }, status -> status.isPresent() && status.get().running())
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new ConnectRestException(0, "connector " + name + " did not run within " + describe(timeout) + ": "
                    + last.get().map(s -> "state " + s.connector().state() + ", tasks "
                    + s.tasks().stream().map(State::state).toList()).orElse("it does not exist"));
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /**
     * Sends the request; while the worker group rebalances (Connect answers 409, or 500 "a rebalance is
     * expected"), the same request is sent again for up to {@value #REBALANCE_RETRY_SECONDS} s, as Connect asks.
     */
    private HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(REBALANCE_RETRY_SECONDS).toNanos();
        while (true) {
            HttpResponse<String> r = sendOnce(built);
            boolean rebalancing = r.statusCode() == 409
                    || r.statusCode() == 500 && r.body() != null && r.body().contains("rebalance");
            if (!rebalancing || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectRestException(0, "interrupted while calling Kafka Connect at " + baseUrl);
            }
        }
    }

    private HttpResponse<String> sendOnce(HttpRequest built) {
        try {
            return http.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new ConnectRestException(0, "Kafka Connect at " + baseUrl + " does not answer (connection refused)");
        } catch (IOException e) {
            throw new ConnectRestException(0, "Kafka Connect at " + baseUrl + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectRestException(0, "interrupted while calling Kafka Connect at " + baseUrl);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> r, int... statuses) {
        for (int s : statuses) {
            if (r.statusCode() == s) {
                return r;
            }
        }
        String message = r.body();
        try {
            JsonNode error = JSON.readTree(r.body());
            if (error.hasNonNull("message")) {
                message = error.get("message").asText();
            }
        } catch (IOException e) {
            // not JSON: keep the body as it is
        }
        throw new ConnectRestException(r.statusCode(), r.request().method() + " " + r.uri().getPath() + " -> HTTP "
                + r.statusCode() + ": " + message);
    }

    private URI uri(String path) {
        return baseUrl.resolve(path);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static <T> T read(HttpResponse<String> r, TypeReference<T> type) {
        try {
            return JSON.readValue(r.body(), type);
        } catch (IOException e) {
            throw new ConnectRestException(r.statusCode(), "unexpected answer from " + r.uri() + ": " + r.body());
        }
    }

    private static JsonNode readTree(HttpResponse<String> r) {
        return read(r, new TypeReference<JsonNode>() { });
    }

    /** Connect answered with an error, did not answer, or reported a failed connector or task. */
    public static final class ConnectRestException extends RuntimeException {
        private final int status;
        private final String trace;

        public ConnectRestException(int status, String message) {
            this(status, message, null);
        }

        public ConnectRestException(int status, String message, String trace) {
            super(message);
            this.status = status;
            this.trace = trace;
        }

        /** The HTTP status, or 0 when Connect did not answer or the error is a failed connector or task. */
        public int status() {
            return status;
        }

        /** Connect's stack trace of a failed connector or task, when that is the error. */
        public Optional<String> trace() {
            return Optional.ofNullable(trace);
        }
    }
}
