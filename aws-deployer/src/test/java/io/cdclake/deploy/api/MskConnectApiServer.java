package io.cdclake.deploy.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * An in-process HTTP endpoint for the unit tests that takes the MSK Connect API's requests as the AWS SDK v2
 * {@code kafkaconnect} client sends them, checks each against the API reference ({@link ApiReference}: method,
 * path, query parameters, JSON field names, required fields, types and limits; a SigV4 signature for the
 * {@code kafkaconnect} service), and answers like AWS: resources with ARNs of AWS's form that move CREATING →
 * ACTIVE / RUNNING, UPDATING through connector operations, DELETING → gone, paginated lists, and errors with
 * AWS's status and {@code x-amzn-ErrorType}. It also answers MSK's DescribeClusterV2 and STS's GetCallerIdentity.
 * A request that breaks the reference is answered 400 and recorded in {@link #violations()}.
 */
public final class MskConnectApiServer implements AutoCloseable {

    /** One request received: the operation it was routed to, its query parameters and its body (null without one). */
    public record Call(String operation, String method, String path, Map<String, List<String>> query, JsonNode body,
                       boolean mutating) {
    }

    static {
        // answer each request in one TCP write: headers and body in two, Nagle's algorithm and delayed ACKs add 40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    static final String ACCOUNT = "123456789012";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String region;
    private final int pageSize;
    private final int describesToSettle;
    private final BiPredicate<String, String> objectExists;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, ObjectNode> plugins = new LinkedHashMap<>();
    private final Map<String, ObjectNode> workers = new LinkedHashMap<>();
    private final Map<String, ObjectNode> connectors = new LinkedHashMap<>();
    private final Map<String, ObjectNode> operations = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private final Map<String, Integer> describes = new LinkedHashMap<>();
    private final Map<String, String[]> failures = new LinkedHashMap<>();
    private volatile String brokerType = "kafka.m5.large";
    private volatile boolean iamEnabled = true;
    private volatile String callerAccount = ACCOUNT;

    /**
     * @param describesToSettle how many describes a CREATING or DELETING resource takes to settle (AWS: minutes)
     * @param pageSize          items per page of the List operations, small so the SDK's paginators are exercised
     * @param objectExists      whether (bucket, key) exists in S3: a custom plugin whose zip is missing ends CREATE_FAILED
     */
    public MskConnectApiServer(String region, int describesToSettle, int pageSize, BiPredicate<String, String> objectExists)
            throws IOException {
        this.region = region;
        this.describesToSettle = describesToSettle;
        this.pageSize = pageSize;
        this.objectExists = objectExists;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public List<Call> mutatingCalls() {
        return calls().stream().filter(Call::mutating).toList();
    }

    public List<String> operationNames() {
        return calls().stream().map(Call::operation).toList();
    }

    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** What MSK's DescribeClusterV2 says of the cluster's brokers. */
    public void cluster(String instanceType, boolean iam) {
        this.brokerType = instanceType;
        this.iamEnabled = iam;
    }

    /** The account STS says the credentials belong to. */
    public void callerAccount(String account) {
        this.callerAccount = account;
    }

    /** The named connector ends FAILED with this stateDescription instead of RUNNING. */
    public synchronized void failConnector(String name, String code, String message) {
        failures.put(name, new String[] {code, message});
        connectors.values().stream().filter(c -> c.path("connectorName").asText().equals(name)).forEach(c -> {
            c.put("connectorState", "FAILED");
            c.putObject("stateDescription").put("code", code).put("message", message);
        });
    }

    /** Creates a resource the way someone else would: without the deployer (for ownership tests). */
    public synchronized String createForeignConnector(String name, Map<String, String> tagsOf) {
        ObjectNode c = JSON.createObjectNode();
        String arn = arn("connector", name);
        c.put("connectorArn", arn).put("connectorName", name).put("connectorState", "RUNNING")
                .put("currentVersion", UUID.randomUUID().toString()).put("creationTime", Instant.now().toString())
                .put("kafkaConnectVersion", "3.7.x").put("serviceExecutionRoleArn", "arn:aws:iam::" + ACCOUNT + ":role/other");
        c.putObject("capacity").putObject("provisionedCapacity").put("mcuCount", 1).put("workerCount", 1);
        c.putObject("connectorConfiguration").put("connector.class", "org.example.Other");
        c.putArray("plugins");
        connectors.put(arn, c);
        tags.put(arn, new LinkedHashMap<>(tagsOf));
        return arn;
    }

    public synchronized List<String> connectorNames() {
        return connectors.values().stream().map(c -> c.path("connectorName").asText()).toList();
    }

    public synchronized List<String> pluginNames() {
        return plugins.values().stream().map(c -> c.path("name").asText()).toList();
    }

    public synchronized List<String> workerConfigurationNames() {
        return workers.values().stream().map(c -> c.path("name").asText()).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            byte[] raw = exchange.getRequestBody().readAllBytes();
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            ApiReference.Operation op = null;
            Matcher m = null;
            for (ApiReference.Operation candidate : ApiReference.OPERATIONS) {
                Matcher pm = candidate.path().matcher(rawPath);
                if (candidate.method().equals(method) && pm.matches()) {
                    op = candidate;
                    m = pm;
                    break;
                }
            }
            if (op == null) {
                violation(method + " " + rawPath + ": no operation of the MSK Connect API reference has this method and path");
                send(exchange, 404, "NotFoundException", error("No such operation: " + method + " " + rawPath));
                return;
            }
            if (op.name().equals("GetCallerIdentity")) {
                callerIdentity(exchange, op, new String(raw, StandardCharsets.UTF_8));
                return;
            }
            JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
            calls.add(new Call(op.name(), method, rawPath, query, body, op.mutating()));
            List<String> problems = new ArrayList<>();
            signature(exchange, op, problems);
            for (String q : query.keySet()) {
                if (!op.query().contains(q)) {
                    problems.add("query parameter " + q + " is not one of " + op.name() + "'s " + op.query());
                }
            }
            op.requiredQuery().stream().filter(q -> !query.containsKey(q)).forEach(q -> problems.add("query parameter " + q + ": required"));
            if (op.body() != null) {
                if (body == null) {
                    problems.add(op.name() + " needs a JSON body");
                } else {
                    op.body().check(op.name(), body, problems);
                }
            } else if (body != null && body.size() > 0) {
                problems.add(op.name() + " takes no body");
            }
            if (!problems.isEmpty()) {
                problems.forEach(this::violation);
                send(exchange, 400, "BadRequestException", error(String.join("; ", problems)));
                return;
            }
            String label = m.groupCount() > 0 ? URLDecoder.decode(m.group(1), StandardCharsets.UTF_8) : null;
            try {
                JsonNode answer;
                synchronized (this) {
                    answer = answer(op.name(), label, query, body);
                }
                send(exchange, 200, null, answer);
            } catch (ApiError e) {
                send(exchange, e.status, e.type, error(e.getMessage()));
            }
        }
    }

    private void callerIdentity(HttpExchange exchange, ApiReference.Operation op, String form) throws IOException {
        calls.add(new Call(op.name(), "POST", "/", Map.of(), null, false));
        List<String> problems = new ArrayList<>();
        signature(exchange, op, problems);
        if (!form.contains("Action=GetCallerIdentity") || !form.contains("Version=2011-06-15")) {
            problems.add("GetCallerIdentity: form body " + form + " lacks Action=GetCallerIdentity&Version=2011-06-15");
        }
        problems.forEach(this::violation);
        byte[] xml = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
                + "<Arn>arn:aws:iam::" + callerAccount + ":user/deployer</Arn><UserId>AIDAEXAMPLE</UserId><Account>" + callerAccount
                + "</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></GetCallerIdentityResponse>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(problems.isEmpty() ? 200 : 400, xml.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(xml);
        }
    }

    private void signature(HttpExchange exchange, ApiReference.Operation op, List<String> problems) {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String service = switch (op.name()) {
            case "DescribeClusterV2" -> "kafka";
            case "GetCallerIdentity" -> "sts";
            default -> "kafkaconnect";
        };
        String scope = "/" + region + "/" + service + "/aws4_request";
        if (auth == null || !auth.startsWith("AWS4-HMAC-SHA256 Credential=") || !auth.contains(scope)
                || !auth.contains("SignedHeaders=") || !auth.contains("Signature=")) {
            problems.add(op.name() + ": not signed with SigV4 for " + scope + " (Authorization: "
                    + (auth == null ? "missing" : auth.replaceAll("Signature=\\w+", "Signature=...")) + ")");
        }
    }

    private void violation(String v) {
        violations.add(v);
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                q.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return q;
    }

    private static void send(HttpExchange exchange, int status, String errorType, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            exchange.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    private static final class ApiError extends RuntimeException {
        final int status;
        final String type;

        ApiError(int status, String type, String message) {
            super(message);
            this.status = status;
            this.type = type;
        }
    }

    private static ApiError badRequest(String message) {
        return new ApiError(400, "BadRequestException", message);
    }

    private static ApiError notFound(String what) {
        return new ApiError(404, "NotFoundException", what + " was not found");
    }

    private static ApiError conflict(String message) {
        return new ApiError(409, "ConflictException", message);
    }

    // ------------------------------------------------------------------------------------------------ operations

    private JsonNode answer(String op, String arn, Map<String, List<String>> query, JsonNode body) {
        return switch (op) {
            case "CreateCustomPlugin" -> createPlugin(body);
            case "DescribeCustomPlugin" -> settle(plugins, arn, "custom plugin").deepCopy();
            case "ListCustomPlugins" -> page("customPlugins", plugins.values().stream()
                    .filter(p -> p.path("name").asText().startsWith(first(query, "namePrefix", ""))).toList(), query);
            case "DeleteCustomPlugin" -> deletePlugin(arn);
            case "CreateWorkerConfiguration" -> createWorker(body);
            case "DescribeWorkerConfiguration" -> settle(workers, arn, "worker configuration").deepCopy();
            case "ListWorkerConfigurations" -> page("workerConfigurations", workers.values().stream()
                    .filter(w -> w.path("name").asText().startsWith(first(query, "namePrefix", "")))
                    .map(w -> summary(w, "propertiesFileContent")).toList(), query);
            case "DeleteWorkerConfiguration" -> {
                ObjectNode w = existing(workers, arn, "worker configuration");
                w.put("workerConfigurationState", "DELETING");
                yield JSON.createObjectNode().put("workerConfigurationArn", arn).put("workerConfigurationState", "DELETING");
            }
            case "CreateConnector" -> createConnector(body);
            case "DescribeConnector" -> settle(connectors, arn, "connector").deepCopy();
            case "ListConnectors" -> page("connectors", connectors.values().stream()
                    .filter(c -> c.path("connectorName").asText().startsWith(first(query, "connectorNamePrefix", "")))
                    .map(c -> summary(c, "connectorConfiguration", "stateDescription")).toList(), query);
            case "UpdateConnector" -> updateConnector(arn, first(query, "currentVersion", null), body);
            case "PauseConnector" -> control(arn, "PAUSE", "RUNNING", "PAUSING");
            case "ResumeConnector" -> control(arn, "RESUME", "PAUSED", "RESUMING");
            case "RestartConnector" -> control(arn, "RESTART", "RUNNING", "RESTARTING");
            case "DeleteConnector" -> deleteConnector(arn, first(query, "currentVersion", null));
            case "ListConnectorOperations" -> {
                existing(connectors, arn, "connector");
                yield page("connectorOperations", operations.values().stream()
                        .filter(o -> o.path("connectorArn").asText().equals(arn))
                        .map(o -> summary(o, "_target", "_kind", "connectorArn", "errorInfo", "operationSteps", "originConnectorConfiguration",
                                "targetConnectorConfiguration", "originWorkerSetting", "targetWorkerSetting")).toList(), query);
            }
            case "DescribeConnectorOperation" -> advance(arn);
            case "TagResource" -> {
                Map<String, String> t = tagsOf(arn);
                body.get("tags").fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
                yield JSON.createObjectNode();
            }
            case "UntagResource" -> {
                query.get("tagKeys").forEach(tagsOf(arn)::remove);
                yield JSON.createObjectNode();
            }
            case "ListTagsForResource" -> {
                ObjectNode out = JSON.createObjectNode();
                ObjectNode t = out.putObject("tags");
                tagsOf(arn).forEach(t::put);
                yield out;
            }
            case "DescribeClusterV2" -> describeCluster(arn);
            default -> throw new IllegalStateException(op);
        };
    }

    private ObjectNode createPlugin(JsonNode body) {
        String name = body.get("name").asText();
        if (plugins.values().stream().anyMatch(p -> p.path("name").asText().equals(name))) {
            throw conflict("A custom plugin named " + name + " already exists");
        }
        JsonNode s3 = body.get("location").get("s3Location");
        String bucketArn = s3.get("bucketArn").asText();
        if (!bucketArn.matches("arn:aws:s3:::[a-z0-9.-]{3,63}")) {
            throw badRequest("location.s3Location.bucketArn: " + bucketArn + " is not an S3 bucket ARN");
        }
        String arn = arn("custom-plugin", name);
        Instant now = Instant.now();
        ObjectNode p = JSON.createObjectNode();
        p.put("customPluginArn", arn).put("name", name).put("customPluginState", "CREATING").put("creationTime", now.toString());
        if (body.has("description")) {
            p.put("description", body.get("description").asText());
        }
        ObjectNode rev = p.putObject("latestRevision");
        rev.put("revision", 1).put("contentType", body.get("contentType").asText()).put("creationTime", now.toString());
        rev.putObject("location").set("s3Location", s3.deepCopy());
        boolean present = objectExists.test(bucketArn.substring("arn:aws:s3:::".length()), s3.get("fileKey").asText());
        p.put("_settlesTo", present ? "ACTIVE" : "CREATE_FAILED");
        plugins.put(arn, p);
        tags.put(arn, tagMap(body));
        return JSON.createObjectNode().put("customPluginArn", arn).put("name", name).put("revision", 1).put("customPluginState", "CREATING");
    }

    private ObjectNode deletePlugin(String arn) {
        ObjectNode p = existing(plugins, arn, "custom plugin");
        boolean inUse = connectors.values().stream().filter(c -> !c.path("connectorState").asText().equals("DELETING"))
                .anyMatch(c -> c.path("plugins").findValuesAsText("customPluginArn").contains(arn));
        if (inUse) {
            throw conflict("custom plugin " + arn + " is used by a connector");
        }
        p.put("customPluginState", "DELETING");
        return JSON.createObjectNode().put("customPluginArn", arn).put("customPluginState", "DELETING");
    }

    private ObjectNode createWorker(JsonNode body) {
        String name = body.get("name").asText();
        if (workers.values().stream().anyMatch(w -> w.path("name").asText().equals(name))) {
            throw conflict("A worker configuration named " + name + " already exists");
        }
        try {
            Base64.getDecoder().decode(body.get("propertiesFileContent").asText());
        } catch (IllegalArgumentException e) {
            throw badRequest("propertiesFileContent must be base64-encoded");
        }
        String arn = arn("worker-configuration", name);
        Instant now = Instant.now();
        ObjectNode w = JSON.createObjectNode();
        w.put("workerConfigurationArn", arn).put("name", name).put("workerConfigurationState", "ACTIVE").put("creationTime", now.toString());
        ObjectNode rev = w.putObject("latestRevision");
        rev.put("revision", 1).put("creationTime", now.toString()).put("propertiesFileContent", body.get("propertiesFileContent").asText());
        workers.put(arn, w);
        tags.put(arn, tagMap(body));
        ObjectNode out = JSON.createObjectNode();
        out.put("workerConfigurationArn", arn).put("name", name).put("workerConfigurationState", "ACTIVE").put("creationTime", now.toString());
        out.putObject("latestRevision").put("revision", 1).put("creationTime", now.toString());
        return out;
    }

    private ObjectNode createConnector(JsonNode body) {
        String name = body.get("connectorName").asText();
        if (connectors.values().stream().anyMatch(c -> c.path("connectorName").asText().equals(name))) {
            throw conflict("A connector named " + name + " already exists");
        }
        checkCapacity(body.get("capacity"));
        String version = body.get("kafkaConnectVersion").asText();
        if (!Set.of("2.7.1", "3.7.x").contains(version)) {
            throw badRequest("kafkaConnectVersion " + version + " is not supported");
        }
        if (!body.get("serviceExecutionRoleArn").asText().matches("arn:aws:iam::\\d{12}:role/.+")) {
            throw badRequest("serviceExecutionRoleArn is not a role ARN");
        }
        JsonNode plugin = body.get("plugins").get(0).get("customPlugin");
        ObjectNode p = plugins.get(plugin.get("customPluginArn").asText());
        if (p == null || !p.path("customPluginState").asText().equals("ACTIVE")) {
            throw badRequest("custom plugin " + plugin.get("customPluginArn").asText() + " is not ACTIVE");
        }
        if (plugin.get("revision").asLong() != p.path("latestRevision").path("revision").asLong()) {
            throw badRequest("custom plugin revision " + plugin.get("revision").asLong() + " does not exist");
        }
        if (body.has("workerConfiguration") && !workers.containsKey(body.get("workerConfiguration").get("workerConfigurationArn").asText())) {
            throw badRequest("worker configuration " + body.get("workerConfiguration").get("workerConfigurationArn").asText() + " does not exist");
        }
        String arn = arn("connector", name);
        ObjectNode c = ((ObjectNode) body.deepCopy());
        c.remove("tags");
        c.put("connectorArn", arn).put("connectorState", "CREATING").put("currentVersion", UUID.randomUUID().toString())
                .put("creationTime", Instant.now().toString());
        c.set("kafkaCluster", body.get("kafkaCluster").deepCopy());
        ObjectNode capacity = (ObjectNode) c.get("capacity");
        if (capacity.has("provisionedCapacity") && !capacity.get("provisionedCapacity").has("mcuCount")) {
            ((ObjectNode) capacity.get("provisionedCapacity")).put("mcuCount", 1);
        }
        c.put("_settlesTo", failures.containsKey(name) ? "FAILED" : "RUNNING");
        connectors.put(arn, c);
        tags.put(arn, tagMap(body));
        return JSON.createObjectNode().put("connectorArn", arn).put("connectorName", name).put("connectorState", "CREATING");
    }

    private static void checkCapacity(JsonNode capacity) {
        JsonNode mcu = capacity.has("provisionedCapacity") ? capacity.get("provisionedCapacity").get("mcuCount")
                : capacity.get("autoScaling").get("mcuCount");
        if (mcu != null && !Set.of(1, 2, 4, 8).contains(mcu.asInt())) {
            throw badRequest("mcuCount " + mcu.asInt() + " is not one of 1, 2, 4, 8");
        }
        JsonNode a = capacity.get("autoScaling");
        if (a != null && a.get("minWorkerCount").asInt() > a.get("maxWorkerCount").asInt()) {
            throw badRequest("minWorkerCount is above maxWorkerCount");
        }
    }

    private ObjectNode updateConnector(String arn, String currentVersion, JsonNode body) {
        ObjectNode c = existing(connectors, arn, "connector");
        if (!c.path("currentVersion").asText().equals(currentVersion)) {
            throw badRequest("currentVersion " + currentVersion + " is not the connector's current version");
        }
        if (!c.path("connectorState").asText().equals("RUNNING")) {
            throw badRequest("connector " + arn + " is " + c.path("connectorState").asText() + "; only a RUNNING connector can be updated");
        }
        List<String> kinds = List.of("capacity", "connectorConfiguration", "plugins", "workerConfiguration",
                "useDefaultWorkerConfiguration").stream().filter(body::has).toList();
        if (kinds.size() != 1) {
            throw badRequest("specify exactly one of capacity, connectorConfiguration, plugins, workerConfiguration and"
                    + " useDefaultWorkerConfiguration (got " + kinds + ")");
        }
        if (body.has("connectorConfiguration") && !body.get("connectorConfiguration").path("connector.class").asText()
                .equals(c.path("connectorConfiguration").path("connector.class").asText())) {
            throw badRequest("connector.class cannot be changed with UpdateConnector");
        }
        if (body.has("capacity")) {
            checkCapacity(body.get("capacity"));
        }
        if (body.has("plugins")) {
            JsonNode plugin = body.get("plugins").get(0).get("customPlugin");
            ObjectNode p = plugins.get(plugin.get("customPluginArn").asText());
            if (p == null || !p.path("customPluginState").asText().equals("ACTIVE")
                    || plugin.get("revision").asLong() != p.path("latestRevision").path("revision").asLong()) {
                throw badRequest("custom plugin " + plugin.get("customPluginArn").asText() + " revision "
                        + plugin.get("revision").asLong() + " is not an ACTIVE plugin revision");
            }
        }
        if (body.has("workerConfiguration") && !workers.containsKey(body.get("workerConfiguration").get("workerConfigurationArn").asText())) {
            throw badRequest("worker configuration " + body.get("workerConfiguration").get("workerConfigurationArn").asText() + " does not exist");
        }
        ObjectNode op = operation(c, "UPDATE", body.has("capacity") || body.has("workerConfiguration")
                || body.has("useDefaultWorkerConfiguration") ? "UPDATE_WORKER_SETTING" : "UPDATE_CONNECTOR_CONFIGURATION");
        op.set("_target", body.deepCopy());
        c.put("connectorState", "UPDATING");
        return JSON.createObjectNode().put("connectorArn", arn).put("connectorOperationArn", op.path("connectorOperationArn").asText())
                .put("connectorState", "UPDATING");
    }

    /** PauseConnector, ResumeConnector, RestartConnector: refused (ConflictException) unless the connector is in {@code from}. */
    private ObjectNode control(String arn, String kind, String from, String passing) {
        ObjectNode c = existing(connectors, arn, "connector");
        String state = c.path("connectorState").asText();
        if (!state.equals(from)) {
            throw conflict("The connector is in state " + state + "; " + kind.toLowerCase(java.util.Locale.ROOT)
                    + " needs it " + from);
        }
        ObjectNode op = operation(c, kind, kind + "_CONNECTOR");
        c.put("connectorState", passing);
        return JSON.createObjectNode().put("connectorArn", arn).put("connectorOperationArn", op.path("connectorOperationArn").asText());
    }

    private ObjectNode operation(ObjectNode connector, String kind, String type) {
        String opArn = arn("connector-operation", connector.path("connectorName").asText());
        ObjectNode op = JSON.createObjectNode();
        op.put("connectorArn", connector.path("connectorArn").asText()).put("connectorOperationArn", opArn)
                .put("connectorOperationState", "PENDING").put("connectorOperationType", type)
                .put("creationTime", Instant.now().toString()).put("_kind", kind);
        if (kind.equals("UPDATE")) {
            op.putArray("operationSteps").addObject().put("stepType", "VALIDATING_CONNECTOR_CONFIGURATION").put("stepState", "PENDING");
            ((ArrayNode) op.get("operationSteps")).addObject().put("stepType", "UPDATING_CONNECTOR").put("stepState", "PENDING");
        } else {
            op.putArray("operationSteps");
        }
        operations.put(opArn, op);
        return op;
    }

    /**
     * Each describe moves the operation one step: PENDING, {@code <kind>_IN_PROGRESS}, {@code <kind>_COMPLETE} (the
     * update applied, the connector PAUSED or RUNNING again).
     */
    private ObjectNode advance(String opArn) {
        ObjectNode op = operations.get(opArn);
        if (op == null) {
            throw notFound("connector operation " + opArn);
        }
        String kind = op.path("_kind").asText();
        String state = op.path("connectorOperationState").asText();
        boolean update = kind.equals("UPDATE");
        if (state.equals("PENDING")) {
            op.put("connectorOperationState", kind + "_IN_PROGRESS");
            if (update) {
                ((ObjectNode) op.get("operationSteps").get(0)).put("stepState", "COMPLETED");
                ((ObjectNode) op.get("operationSteps").get(1)).put("stepState", "IN_PROGRESS");
            }
        } else if (state.equals(kind + "_IN_PROGRESS")) {
            ObjectNode c = connectors.get(op.path("connectorArn").asText());
            if (update) {
                JsonNode target = op.get("_target");
                for (String field : List.of("connectorConfiguration", "capacity", "plugins", "workerConfiguration")) {
                    if (target.has(field)) {
                        c.set(field, target.get(field).deepCopy());
                    }
                }
                if (target.has("useDefaultWorkerConfiguration")) {
                    c.remove("workerConfiguration");
                }
                ((ObjectNode) op.get("operationSteps").get(1)).put("stepState", "COMPLETED");
            }
            c.put("connectorState", kind.equals("PAUSE") ? "PAUSED" : "RUNNING").put("currentVersion", UUID.randomUUID().toString());
            op.put("connectorOperationState", kind + "_COMPLETE").put("endTime", Instant.now().toString());
        }
        ObjectNode shown = op.deepCopy();
        shown.remove("_target");
        shown.remove("_kind");
        return shown;
    }

    private ObjectNode deleteConnector(String arn, String currentVersion) {
        ObjectNode c = existing(connectors, arn, "connector");
        if (currentVersion != null && !c.path("currentVersion").asText().equals(currentVersion)) {
            throw badRequest("currentVersion " + currentVersion + " is not the connector's current version");
        }
        c.put("connectorState", "DELETING");
        describes.remove(arn);
        return JSON.createObjectNode().put("connectorArn", arn).put("connectorState", "DELETING");
    }

    private ObjectNode describeCluster(String clusterArn) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode info = out.putObject("clusterInfo");
        info.put("clusterArn", clusterArn).put("clusterType", "PROVISIONED").put("state", "ACTIVE");
        ObjectNode provisioned = info.putObject("provisioned");
        provisioned.putObject("brokerNodeGroupInfo").put("instanceType", brokerType).putArray("clientSubnets").add("subnet-0123456789abcdef0");
        provisioned.putObject("clientAuthentication").putObject("sasl").putObject("iam").put("enabled", iamEnabled);
        return out;
    }

    /**
     * A describe of a resource in a passing state counts towards it settling: CREATING becomes its final state,
     * DELETING removes it.
     */
    private ObjectNode settle(Map<String, ObjectNode> store, String arn, String what) {
        ObjectNode r = existing(store, arn, what);
        String stateField = r.has("customPluginState") ? "customPluginState" : r.has("connectorState") ? "connectorState"
                : "workerConfigurationState";
        String state = r.path(stateField).asText();
        if (state.equals("CREATING") || state.equals("DELETING")) {
            int seen = describes.merge(arn, 1, Integer::sum);
            if (seen >= describesToSettle) {
                describes.remove(arn);
                if (state.equals("DELETING")) {
                    store.remove(arn);
                    tags.remove(arn);
                    throw notFound(what + " " + arn);
                }
                String to = r.path("_settlesTo").asText();
                r.put(stateField, to);
                if (to.equals("CREATE_FAILED")) {
                    r.putObject("stateDescription").put("code", "INVALID_LOCATION").put("message", "The plugin file was not found in S3");
                } else if (to.equals("FAILED")) {
                    String[] f = failures.get(r.path("connectorName").asText());
                    r.putObject("stateDescription").put("code", f[0]).put("message", f[1]);
                }
            }
        }
        ObjectNode shown = r.deepCopy();
        shown.remove("_settlesTo");
        return shown;
    }

    private static ObjectNode existing(Map<String, ObjectNode> store, String arn, String what) {
        ObjectNode r = store.get(arn);
        if (r == null) {
            throw notFound(what + " " + arn);
        }
        return r;
    }

    private ObjectNode page(String field, List<ObjectNode> items, Map<String, List<String>> query) {
        int from = Integer.parseInt(first(query, "nextToken", "0"));
        int size = Math.min(pageSize, Integer.parseInt(first(query, "maxResults", "100")));
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray(field);
        items.stream().skip(from).limit(size).forEach(i -> {
            ObjectNode shown = i.deepCopy();
            shown.remove("_settlesTo");
            list.add(shown);
        });
        if (from + size < items.size()) {
            out.put("nextToken", String.valueOf(from + size));
        }
        return out;
    }

    private static ObjectNode summary(ObjectNode full, String... without) {
        ObjectNode s = full.deepCopy();
        for (String field : without) {
            s.remove(field);
        }
        if (s.has("latestRevision")) {
            ((ObjectNode) s.get("latestRevision")).remove("propertiesFileContent");
        }
        return s;
    }

    private Map<String, String> tagsOf(String arn) {
        Map<String, String> t = tags.get(arn);
        if (t == null) {
            throw notFound("resource " + arn);
        }
        return t;
    }

    private static Map<String, String> tagMap(JsonNode body) {
        Map<String, String> t = new LinkedHashMap<>();
        if (body.has("tags")) {
            body.get("tags").fields().forEachRemaining(e -> t.put(e.getKey(), e.getValue().asText()));
        }
        return t;
    }

    private static String first(Map<String, List<String>> query, String name, String otherwise) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? otherwise : values.get(0);
    }

    private String arn(String type, String name) {
        return "arn:aws:kafkaconnect:" + region + ":" + ACCOUNT + ":" + type + "/" + name + "/" + UUID.randomUUID()
                + (type.equals("connector-operation") ? "/" + UUID.randomUUID() : "");
    }

    @Override
    public String toString() {
        return "MskConnectApiServer[" + endpoint() + ", " + calls.size() + " calls: "
                + calls().stream().map(Call::operation).collect(Collectors.joining(",")) + "]";
    }
}
