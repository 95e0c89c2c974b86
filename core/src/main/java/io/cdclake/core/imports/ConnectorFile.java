package io.cdclake.core.imports;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * One connector configuration as a user has it: Connect REST JSON ({@code {"name": ..., "config": {...}}}, the body
 * of {@code POST /connectors}), a bare JSON map of properties, or a {@code .properties} file (what MSK Connect's
 * connector configuration takes).
 *
 * @param file   the file's name without its directory, for messages and comments
 * @param name   the connector's name when the file gives one (REST JSON), else null
 * @param config the connector properties in file order
 */
public record ConnectorFile(String file, String name, Map<String, String> config) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();

    public ConnectorFile {
        config = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** Reads a file; JSON when its first character is '{', properties otherwise. */
    public static ConnectorFile read(Path path) {
        String name = path.getFileName().toString();
        try {
            return parse(Files.readString(path), name);
        } catch (NoSuchFileException e) {
            throw new ImportException(name, "(file)", "does not exist", "pass an existing connector file to --from");
        } catch (IOException e) {
            throw new UncheckedIOException("reading connector file " + name, e);
        }
    }

    /** Parses a connector file's text; {@code file} names it in messages. */
    public static ConnectorFile parse(String text, String file) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new ImportException(file, "(file)", "is empty",
                    "pass a connector configuration: Connect REST JSON or a .properties file");
        }
        return trimmed.startsWith("{") ? json(text, file) : properties(text, file);
    }

    private static ConnectorFile json(String text, String file) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new ImportException(file, "(file)", "is not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""),
                    "fix the JSON there, or pass a .properties file");
        }
        JsonNode config = root.get("config");
        boolean rest = config != null;
        if (rest && !config.isObject()) {
            throw new ImportException(file, "config", "is not a JSON object",
                    "write the connector properties as {\"name\": ..., \"config\": {\"key\": \"value\", ...}}");
        }
        String name = null;
        if (rest) {
            JsonNode n = root.get("name");
            if (n != null && !n.isTextual()) {
                throw new ImportException(file, "name", "is not a string", "write the connector name in quotes");
            }
            name = n == null ? null : n.asText();
        }
        Map<String, String> properties = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = (rest ? config : root).fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw new ImportException(file, e.getKey(), "is not a single value",
                        "write each connector property as \"key\": \"value\"");
            }
            properties.put(e.getKey(), v.asText());
        }
        return new ConnectorFile(file, name, properties);
    }

    private static ConnectorFile properties(String text, String file) {
        // Properties accepts nearly anything; a line with no separator is a key with an empty value there, which
        // in a connector file is a mistake (often JSON or YAML passed by accident)
        String[] lines = text.split("\\R", -1);
        boolean continued = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean comment = !continued && (line.startsWith("#") || line.startsWith("!"));
            if (!continued && !line.isEmpty() && !comment && !hasSeparator(line)) {
                throw new ImportException(file, "line " + (i + 1), "is not key=value",
                        "write one connector property per line as key=value, or pass Connect REST JSON");
            }
            continued = !comment && endsWithContinuation(lines[i]);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ImportException(file, "(file)", "is not a properties file: " + e.getMessage(),
                    "write one connector property per line as key=value");
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        // Properties is a hash table: keep the file's order for the report and the comments
        for (String line : lines) {
            String key = keyOf(line.strip());
            if (key != null && p.containsKey(key)) {
                ordered.put(key, p.getProperty(key));
            }
        }
        p.stringPropertyNames().forEach(k -> ordered.putIfAbsent(k, p.getProperty(k)));
        return new ConnectorFile(file, null, ordered);
    }

    private static boolean hasSeparator(String line) {
        return line.indexOf('=') > 0 || line.indexOf(':') > 0;
    }

    private static boolean endsWithContinuation(String line) {
        int backslashes = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    private static String keyOf(String line) {
        if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
            return null;
        }
        int end = 0;
        while (end < line.length() && "=: \t".indexOf(line.charAt(end)) < 0) {
            end++;
        }
        return line.substring(0, end);
    }

    /** The connector class, or null when the file does not name one. */
    public String connectorClass() {
        String c = config.get("connector.class");
        return c == null ? null : c.strip();
    }
}
