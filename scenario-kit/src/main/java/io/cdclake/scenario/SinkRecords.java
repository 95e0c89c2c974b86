package io.cdclake.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.core.model.Pipeline;
import io.cdclake.core.target.SinkObject;
import io.cdclake.core.target.SinkReader;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The records a KCQL S3 sink wrote, read back in record order: data objects are named
 * {@code <prefix>/<field>=<value>/.../<topic>(<partition>_<offset>).json} and hold JSON Lines, so the records
 * under a path are its objects' lines sorted by partition, then offset. An object is never rewritten once
 * written (its name carries its first offset), so each is read once and kept.
 */
final class SinkRecords {

    private static final Pattern OBJECT_NAME = Pattern.compile("(?:.*/)?([^/]+)\\((\\d+)_(\\d+)\\)\\.json");
    static final ObjectMapper JSON = new ObjectMapper();

    private final SinkReader sink;
    private final Map<String, String> contents = new ConcurrentHashMap<>();

    SinkRecords(SinkReader sink) {
        this.sink = sink;
    }

    /** The key prefix the sink writes {@code topic} under (its statement's), ending with '/'. */
    static String prefixOf(Pipeline pipeline, String topic) {
        return pipeline.sink().statementFor(topic).prefix() + "/";
    }

    /** The topic an expectation means: its own, or the pipeline's only one. */
    static String topicOf(Pipeline pipeline, String topic) {
        return topic != null ? topic : pipeline.topics().get(0);
    }

    /** The data objects of {@code topic} under {@code keyPrefix}, in record order. */
    List<SinkObject> objects(String keyPrefix, String topic) {
        List<SinkObject> objects = new ArrayList<>();
        for (SinkObject o : sink.listObjects(keyPrefix)) {
            Matcher m = OBJECT_NAME.matcher(o.key());
            if (m.matches() && m.group(1).equals(topic)) {
                objects.add(o);
            }
        }
        objects.sort(Comparator.comparingLong((SinkObject o) -> position(o.key(), 2))
                .thenComparingLong(o -> position(o.key(), 3)));
        return objects;
    }

    /** Each object's content, key to text, in the objects' order. */
    Map<String, String> read(List<SinkObject> objects) {
        Map<String, String> read = new LinkedHashMap<>();
        objects.forEach(o -> read.put(o.key(), contents.computeIfAbsent(o.key(), sink::readObject)));
        return read;
    }

    /** The JSON records of objects' contents, in order. */
    static List<JsonNode> records(Map<String, String> contents) {
        List<JsonNode> records = new ArrayList<>();
        contents.forEach((key, content) -> content.lines().filter(l -> !l.isBlank()).forEach(line -> {
            try {
                records.add(JSON.readTree(line));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("object " + key + " holds a line that is not JSON: " + line, e);
            }
        }));
        return records;
    }

    private static long position(String key, int group) {
        Matcher m = OBJECT_NAME.matcher(key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a data object: " + key);
        }
        return Long.parseLong(m.group(group));
    }
}
