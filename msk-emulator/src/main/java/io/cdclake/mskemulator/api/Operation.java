package io.cdclake.mskemulator.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MSK Connect operations the emulator serves: all 21 of the current service model (2021-09-14, as the AWS SDK
 * for JavaScript v3 3.1169 has it), with the HTTP method and path the AWS SDKs and CLI use for each. Path labels are
 * whole segments: the clients percent-encode the slashes inside an ARN.
 */
public enum Operation {
    CREATE_CUSTOM_PLUGIN("POST", "/v1/custom-plugins"),
    LIST_CUSTOM_PLUGINS("GET", "/v1/custom-plugins"),
    DESCRIBE_CUSTOM_PLUGIN("GET", "/v1/custom-plugins/{customPluginArn}"),
    DELETE_CUSTOM_PLUGIN("DELETE", "/v1/custom-plugins/{customPluginArn}"),
    CREATE_WORKER_CONFIGURATION("POST", "/v1/worker-configurations"),
    LIST_WORKER_CONFIGURATIONS("GET", "/v1/worker-configurations"),
    DESCRIBE_WORKER_CONFIGURATION("GET", "/v1/worker-configurations/{workerConfigurationArn}"),
    DELETE_WORKER_CONFIGURATION("DELETE", "/v1/worker-configurations/{workerConfigurationArn}"),
    CREATE_CONNECTOR("POST", "/v1/connectors"),
    LIST_CONNECTORS("GET", "/v1/connectors"),
    DESCRIBE_CONNECTOR("GET", "/v1/connectors/{connectorArn}"),
    UPDATE_CONNECTOR("PUT", "/v1/connectors/{connectorArn}"),
    DELETE_CONNECTOR("DELETE", "/v1/connectors/{connectorArn}"),
    PAUSE_CONNECTOR("PUT", "/v1/connectors/{connectorArn}/pause"),
    RESUME_CONNECTOR("PUT", "/v1/connectors/{connectorArn}/resume"),
    RESTART_CONNECTOR("POST", "/v1/connectors/{connectorArn}/restart"),
    LIST_CONNECTOR_OPERATIONS("GET", "/v1/connectors/{connectorArn}/operations"),
    DESCRIBE_CONNECTOR_OPERATION("GET", "/v1/connectorOperations/{connectorOperationArn}"),
    TAG_RESOURCE("POST", "/v1/tags/{resourceArn}"),
    UNTAG_RESOURCE("DELETE", "/v1/tags/{resourceArn}"),
    LIST_TAGS_FOR_RESOURCE("GET", "/v1/tags/{resourceArn}");

    private final String method;
    private final String[] segments;

    Operation(String method, String pathTemplate) {
        this.method = method;
        this.segments = pathTemplate.substring(1).split("/");
    }

    /** The operation a request is for, with its decoded path labels. */
    public static Optional<Match> route(String method, String rawPath) {
        String[] parts = rawPath.startsWith("/") ? rawPath.substring(1).split("/", -1) : new String[0];
        for (Operation operation : values()) {
            if (operation.method.equals(method)) {
                Map<String, String> labels = operation.labels(parts);
                if (labels != null) {
                    return Optional.of(new Match(operation, labels));
                }
            }
        }
        return Optional.empty();
    }

    private Map<String, String> labels(String[] parts) {
        if (parts.length != segments.length) {
            return null;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < parts.length; i++) {
            String segment = segments[i];
            if (segment.startsWith("{")) {
                String value = URLDecoder.decode(parts[i], StandardCharsets.UTF_8);
                if (value.isEmpty()) {
                    return null;
                }
                labels.put(segment.substring(1, segment.length() - 1), value);
            } else if (!segment.equals(parts[i])) {
                return null;
            }
        }
        return labels;
    }

    /** A routed request: its operation and path labels. */
    public record Match(Operation operation, Map<String, String> labels) {
    }
}
