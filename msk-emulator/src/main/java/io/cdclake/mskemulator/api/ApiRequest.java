package io.cdclake.mskemulator.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** One authenticated, routed request: its path labels, query parameters and JSON body. */
public final class ApiRequest {

    private final Operation operation;
    private final Map<String, String> labels;
    private final Map<String, List<String>> query;
    private final byte[] body;
    private final ObjectMapper json;

    ApiRequest(Operation operation, Map<String, String> labels, Map<String, List<String>> query, byte[] body, ObjectMapper json) {
        this.operation = operation;
        this.labels = labels;
        this.query = query;
        this.body = body;
        this.json = json;
    }

    public Operation operation() {
        return operation;
    }

    public String label(String name) {
        return labels.get(name);
    }

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** The JSON body as {@code type}; a body that does not fit is a BadRequestException naming the member. */
    public <T> T body(Class<T> type) {
        if (body.length == 0) {
            throw ApiException.badRequest("the request body is empty: " + operation + " takes a JSON object");
        }
        try {
            return json.readValue(body, type);
        } catch (MismatchedInputException e) {
            throw ApiException.badRequest("the request body does not fit " + operation + ": member '" + path(e)
                    + "' " + e.getOriginalMessage().split("\n")[0]);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("the request body is not valid JSON: " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw ApiException.badRequest("the request body cannot be read: " + e.getMessage());
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
