package io.cdclake.core.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;

/** A pipeline's two connectors rendered for one environment. */
public record ConnectorConfigs(ConnectorConfig source, ConnectorConfig sink) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Source first: the order they are created in. */
    public List<ConnectorConfig> both() {
        return List.of(source, sink);
    }

    public ConnectorConfigs redacted() {
        return new ConnectorConfigs(source.redacted(), sink.redacted());
    }

    /**
     * Pretty JSON, secrets redacted: {@code {"source": {"name": ..., "config": {...}}, "sink": {...}}}, each
     * connector in the shape Connect's REST API takes.
     */
    public String toRedactedJson() {
        ObjectNode root = JSON.createObjectNode();
        root.set("source", JSON.valueToTree(source.redacted()));
        root.set("sink", JSON.valueToTree(sink.redacted()));
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "ConnectorConfigs[" + source + ", " + sink + "]";
    }
}
