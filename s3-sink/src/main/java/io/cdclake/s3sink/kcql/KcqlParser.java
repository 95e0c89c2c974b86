package io.cdclake.s3sink.kcql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Recursive-descent parser for the Lenses S3 sink's KCQL:
 * <pre>
 * statements := statement (';' statement)* [';']
 * statement  := INSERT INTO name [':' name] SELECT '*' FROM name clause*
 * clause     := PARTITIONBY ['('] field (',' field)* [')'] | NOPARTITION
 *             | STOREAS name | WITHPARTITIONER ['='] (KeysAndValues | Values)
 *             | (WITH_FLUSH_COUNT | WITH_FLUSH_SIZE | WITH_FLUSH_INTERVAL) ['='] number
 *             | PROPERTIES '(' string '=' value (',' string '=' value)* [','] ')'
 * </pre>
 * Keywords are case-insensitive; back-ticks escape a name taken literally (a topic called {@code from}, a field
 * whose name holds a dot). Every error names the position and the token.
 *
 * <p>What is accepted depends on the Lenses line ({@link Compatibility}): Lenses 3 knows WITH_FLUSH_* and
 * WITHPARTITIONER but no PROPERTIES; Lenses 9 refuses the first two, as Lenses does since 7.0, and reads
 * {@code flush.*}, {@code padding.*}, {@code partition.include.keys} and {@code key.suffix} from PROPERTIES, and
 * {@code _topic}, {@code _partition} and {@code _date.<pattern>} in PARTITIONBY.
 */
public final class KcqlParser {

    /** What this sink writes. */
    public static final String FORMAT_JSON = "json";

    private static final Set<String> LENSES_ONLY_FORMATS = Set.of("avro", "parquet", "csv", "csv_withheaders",
            "text", "bytes");
    private static final Set<String> KEYWORDS = Set.of("INSERT", "INTO", "SELECT", "FROM", "PARTITIONBY",
            "NOPARTITION", "STOREAS", "WITHPARTITIONER", "WITH_FLUSH_COUNT", "WITH_FLUSH_SIZE", "WITH_FLUSH_INTERVAL",
            "PROPERTIES");
    private static final String CLAUSES = "PARTITIONBY, NOPARTITION, STOREAS, WITHPARTITIONER, WITH_FLUSH_COUNT,"
            + " WITH_FLUSH_SIZE, WITH_FLUSH_INTERVAL, PROPERTIES, ';' or the end";
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern BUCKET_CHARS = Pattern.compile("[a-z0-9.-]+");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private static final String TO_ARTICLE_LINE = "or set connect.s3.compatibility=lenses-3 for the Lenses 3 the"
            + " article deploys";
    private static final String TO_CURRENT_LINE = "or set connect.s3.compatibility=lenses-9 for current Lenses";

    private final List<Token> tokens;
    private final Compatibility line;
    private int next;

    private KcqlParser(List<Token> tokens, Compatibility line) {
        this.tokens = tokens;
        this.line = line;
    }

    /**
     * Parses every statement of a {@code connect.s3.kcql} value.
     *
     * @throws KcqlException naming the position and token of the first mistake
     */
    public static List<KcqlStatement> parse(String text, Compatibility line) {
        if (text == null || text.isBlank()) {
            throw new KcqlException(1, null, "no statement; write INSERT INTO bucket[:prefix] SELECT * FROM topic");
        }
        return new KcqlParser(KcqlLexer.tokenize(text), line).statements();
    }

    private List<KcqlStatement> statements() {
        List<KcqlStatement> statements = new ArrayList<>();
        while (true) {
            while (peek().type == Token.Type.SEMICOLON) {
                advance();
            }
            if (peek().type == Token.Type.END) {
                break;
            }
            statements.add(statement(statements.size() + 1));
            // statement() stops only at ';' or the end
        }
        if (statements.isEmpty()) {
            throw new KcqlException(1, null, "no statement; write INSERT INTO bucket[:prefix] SELECT * FROM topic");
        }
        return statements;
    }

    private KcqlStatement statement(int number) {
        keyword("INSERT");
        keyword("INTO");
        Token bucketToken = name("a bucket name after INSERT INTO");
        String bucket = bucket(bucketToken);
        String prefix = "";
        if (peek().type == Token.Type.COLON) {
            advance();
            prefix = prefix(name("an object key prefix after ':'"), line);
        }
        keyword("SELECT");
        Token select = peek();
        if (select.type != Token.Type.STAR) {
            throw error(select, select.type == Token.Type.END ? "expected '*' after SELECT"
                    : "only SELECT * is supported: this sink writes whole record values");
        }
        advance();
        keyword("FROM");
        String topic = topic();

        Clauses clauses = new Clauses();
        while (peek().type != Token.Type.SEMICOLON && peek().type != Token.Type.END) {
            clause(clauses);
        }
        FlushPolicy flush = FlushPolicy.of(
                clauses.count == null ? FlushPolicy.DEFAULT_COUNT : clauses.count,
                clauses.size == null ? FlushPolicy.DEFAULT_SIZE_BYTES : clauses.size,
                clauses.interval == null ? FlushPolicy.DEFAULT_INTERVAL : Duration.ofSeconds(clauses.interval));
        List<PartitionField> fields = clauses.partitionBy;
        boolean valuesOnly = clauses.valuesOnly || Boolean.FALSE.equals(clauses.includeKeys);
        KcqlStatement.Naming naming = KcqlStatement.Naming.TOPIC_PARTITION_OFFSET;
        if (clauses.partitionClause == null || (line == Compatibility.LENSES_3 && fields.isEmpty())) {
            // no PARTITIONBY at all (Lenses 3: nor with NOPARTITION): one directory per Kafka partition, by values
            fields = List.of(PartitionField.of(PartitionField.Source.TOPIC, List.of(), line),
                    PartitionField.of(PartitionField.Source.PARTITION, List.of(), line));
            valuesOnly = !Boolean.TRUE.equals(clauses.includeKeys);
            naming = line == Compatibility.LENSES_3 ? KcqlStatement.Naming.OFFSET
                    : KcqlStatement.Naming.OFFSET_TIMESTAMPS;
        }
        return new KcqlStatement(number, bucket, prefix, topic, fields, valuesOnly,
                clauses.format == null ? FORMAT_JSON : clauses.format, flush, line, naming, clauses.padding(line),
                clauses.keySuffix == null ? "" : clauses.keySuffix);
    }

    /** What the optional clauses of one statement set; null or false where a clause is absent. */
    private static final class Clauses {
        List<PartitionField> partitionBy = List.of();
        Token partitionClause;
        boolean valuesOnly;
        Token partitionerClause;
        String format;
        Long count;
        Long size;
        Long interval;
        Boolean includeKeys;
        String keySuffix;
        Padding.Type paddingType;
        Character paddingChar;
        final java.util.Map<String, Integer> paddingLengths = new java.util.LinkedHashMap<>();

        /** Lenses 9 pads the offset to 12 digits unless a padding.* property says otherwise. */
        Padding padding(Compatibility line) {
            if (line == Compatibility.LENSES_3) {
                return Padding.NONE;
            }
            if (paddingType == null && paddingChar == null && paddingLengths.isEmpty()) {
                return Padding.LENSES_9_DEFAULT;
            }
            return new Padding(paddingType == null ? Padding.Type.LEFTPAD : paddingType,
                    paddingChar == null ? '0' : paddingChar,
                    paddingLengths.isEmpty() ? java.util.Map.of(Padding.FIELD_OFFSET, 12) : paddingLengths);
        }
    }

    private void clause(Clauses c) {
        Token t = advance();
        String word = t.type == Token.Type.WORD ? t.text.toUpperCase(Locale.ROOT) : "";
        switch (word) {
            case "PARTITIONBY":
            case "NOPARTITION":
                if (c.partitionClause != null) {
                    throw error(t, c.partitionClause.text.equalsIgnoreCase(t.text)
                            ? word + " is given twice" : "PARTITIONBY and NOPARTITION exclude each other");
                }
                c.partitionClause = t;
                if (word.equals("PARTITIONBY")) {
                    c.partitionBy = partitionFields();
                }
                break;
            case "STOREAS":
                if (c.format != null) {
                    throw error(t, "STOREAS is given twice");
                }
                c.format = format();
                break;
            case "WITHPARTITIONER":
                if (line == Compatibility.LENSES_9) {
                    throw error(t, "WITHPARTITIONER was replaced by PROPERTIES('partition.include.keys'=true|false)"
                            + " (Lenses 9 refuses it: 'WITHPARTITIONER feature has been replaced'); write"
                            + " PROPERTIES('partition.include.keys'=false) for Values, " + TO_ARTICLE_LINE);
                }
                if (c.partitionerClause != null) {
                    throw error(t, "WITHPARTITIONER is given twice");
                }
                c.partitionerClause = t;
                optionalEquals();
                Token partitioner = name("KeysAndValues or Values after WITHPARTITIONER");
                if (partitioner.text.equalsIgnoreCase("Values")) {
                    c.valuesOnly = true;
                } else if (!partitioner.text.equalsIgnoreCase("KeysAndValues")) {
                    throw error(partitioner, "unknown partitioner; use KeysAndValues (field=value directories)"
                            + " or Values (value directories)");
                }
                break;
            case "WITH_FLUSH_COUNT":
                refuseWithFlush(t, "'flush.count'=n");
                optionalEquals();
                c.count = flushSetting(c.count, t, number("a record count"), "flush count");
                break;
            case "WITH_FLUSH_SIZE":
                refuseWithFlush(t, "'flush.size'=bytes");
                optionalEquals();
                c.size = flushSetting(c.size, t, number("a size in bytes"), "flush size");
                break;
            case "WITH_FLUSH_INTERVAL":
                refuseWithFlush(t, "'flush.interval'=seconds");
                optionalEquals();
                c.interval = flushSetting(c.interval, t, number("an interval in seconds"), "flush interval");
                break;
            case "PROPERTIES":
                if (line == Compatibility.LENSES_3) {
                    throw error(t, "Lenses 3 knows no PROPERTIES clause; write WITH_FLUSH_COUNT = n,"
                            + " WITH_FLUSH_SIZE = bytes, WITH_FLUSH_INTERVAL = seconds, " + TO_CURRENT_LINE);
                }
                properties(c);
                break;
            default:
                throw error(t, "expected " + CLAUSES);
        }
    }

    /** Lenses 7.0 on refuses the WITH_FLUSH_* keywords, naming their PROPERTIES replacement. */
    private void refuseWithFlush(Token t, String replacement) {
        if (line == Compatibility.LENSES_9) {
            throw error(t, t.text.toUpperCase(Locale.ROOT) + " was replaced by PROPERTIES(" + replacement + ") in"
                    + " Lenses 7.0 (Lenses 9 refuses it: 'The KCQL keywords WITH_FLUSH_COUNT, WITH_FLUSH_SIZE, and"
                    + " WITH_FLUSH_INTERVAL have been replaced by entries in the PROPERTIES section'); write"
                    + " PROPERTIES(" + replacement + "), " + TO_ARTICLE_LINE);
        }
    }

    private List<PartitionField> partitionFields() {
        boolean parenthesized = peek().type == Token.Type.LPAREN;
        if (parenthesized) {
            advance();
        }
        List<PartitionField> fields = new ArrayList<>();
        do {
            Token at = peek();
            PartitionField field = partitionField();
            if (fields.contains(field)) {
                throw error(at, "field " + field + " is listed twice in PARTITIONBY");
            }
            fields.add(field);
        } while (peek().type == Token.Type.COMMA && advance() != null);
        if (parenthesized) {
            expect(Token.Type.RPAREN, "')' to close PARTITIONBY (");
        }
        return fields;
    }

    /**
     * A field path: dot-separated names, where a back-ticked part is one literal name; parts written without
     * white space between them form one path (e.g. {@code _value.`a.b`}).
     */
    private PartitionField partitionField() {
        Token first = peek();
        if (first.type != Token.Type.QUOTED_NAME && (first.type != Token.Type.WORD || isKeyword(first))) {
            throw error(first, "expected a field name in PARTITIONBY (escape names with back-ticks)");
        }
        List<Token> parts = new ArrayList<>();
        parts.add(advance());
        while ((peek().type == Token.Type.WORD || peek().type == Token.Type.QUOTED_NAME)
                && peek().position == parts.get(parts.size() - 1).end) {
            parts.add(advance());
        }
        List<String> segments = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            Token part = parts.get(i);
            if (part.type == Token.Type.QUOTED_NAME) {
                segments.add(part.text);
                continue;
            }
            String text = part.text;
            if (i > 0) {
                text = joined(part, text.startsWith("."), text.substring(1));
            }
            if (i < parts.size() - 1) {
                text = joined(part, text.endsWith("."), text.substring(0, text.length() - 1));
            }
            for (String name : text.split("\\.", -1)) {
                if (name.isEmpty()) {
                    throw error(part, "empty field name in PARTITIONBY");
                }
                segments.add(name);
            }
        }
        if (first.type == Token.Type.QUOTED_NAME) {
            return PartitionField.of(PartitionField.Source.VALUE, segments, line);
        }
        String head = segments.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = segments.subList(1, segments.size());
        switch (head) {
            case "_value":
                if (rest.isEmpty()) {
                    throw error(first, "_value names no field; write _value.<field>");
                }
                return PartitionField.of(PartitionField.Source.VALUE, rest, line);
            case "_key":
                return PartitionField.of(PartitionField.Source.KEY, rest, line);
            case "_header":
                if (rest.isEmpty()) {
                    throw error(first, "_header names no header; write _header.<name>");
                }
                return PartitionField.of(PartitionField.Source.HEADER, List.of(String.join(".", rest)), line);
            case "_topic":
            case "_partition":
                if (!rest.isEmpty()) {
                    throw error(first, head + " takes no field path; write " + head + " alone");
                }
                return PartitionField.of(head.equals("_topic") ? PartitionField.Source.TOPIC
                        : PartitionField.Source.PARTITION, List.of(), line);
            case "_date":
                if (line == Compatibility.LENSES_3) {
                    throw error(first, "Lenses 3 has no _date partitions, " + TO_CURRENT_LINE);
                }
                if (rest.size() != 1) {
                    throw error(first, "_date takes one date pattern, e.g. _date.uuuu or _date.`uuuu-MM-dd`");
                }
                try {
                    java.time.format.DateTimeFormatter.ofPattern(rest.get(0));
                } catch (IllegalArgumentException e) {
                    throw error(first, "'" + rest.get(0) + "' is not a date pattern (" + e.getMessage()
                            + "); use java.time patterns such as uuuu, MM, dd, HH");
                }
                return PartitionField.of(PartitionField.Source.DATE, rest, line);
            default:
                return PartitionField.of(PartitionField.Source.VALUE, segments, line);
        }
    }

    /** A word glued to a back-ticked name must meet it with a '.'. */
    private static String joined(Token part, boolean hasDot, String withoutDot) {
        if (!hasDot) {
            throw error(part, "separate the parts of a field path with '.'");
        }
        return withoutDot;
    }

    private String format() {
        Token t = peek();
        if (t.type != Token.Type.WORD && t.type != Token.Type.QUOTED_NAME && t.type != Token.Type.STRING) {
            throw error(t, "expected a format after STOREAS, e.g. `json`");
        }
        advance();
        String format = t.text.toLowerCase(Locale.ROOT);
        if (format.equals(FORMAT_JSON)) {
            return format;
        }
        if (LENSES_ONLY_FORMATS.contains(format)) {
            throw error(t, "STOREAS " + format + " is not supported: this sink writes json only"
                    + " (use the Lenses plugin for " + format + ")");
        }
        throw error(t, "unknown STOREAS format '" + t.text + "'; this sink writes json");
    }

    private void properties(Clauses c) {
        expect(Token.Type.LPAREN, "'(' after PROPERTIES");
        while (peek().type != Token.Type.RPAREN) {
            Token key = expect(Token.Type.STRING, "a quoted property name, e.g. 'flush.count'");
            expect(Token.Type.EQUALS, "'=' after property '" + key.text + "'");
            switch (key.text.startsWith("padding.length.") ? "padding.length." : key.text) {
                case "flush.count":
                    c.count = flushSetting(c.count, key, number("a record count"), "flush count");
                    break;
                case "flush.size":
                    c.size = flushSetting(c.size, key, number("a size in bytes"), "flush size");
                    break;
                case "flush.interval":
                    c.interval = flushSetting(c.interval, key, number("an interval in seconds"), "flush interval");
                    break;
                case "partition.include.keys":
                    c.includeKeys = once(c.includeKeys, key, bool(key));
                    break;
                case "key.suffix":
                    c.keySuffix = once(c.keySuffix, key, suffix(expect(Token.Type.STRING, "a quoted suffix")));
                    break;
                case "padding.type":
                    Token type = expect(Token.Type.STRING, "'LeftPad', 'RightPad' or 'NoOp'");
                    Padding.Type parsed = Padding.type(type.text);
                    if (parsed == null) {
                        throw error(type, "unknown padding.type; use 'LeftPad', 'RightPad' or 'NoOp'");
                    }
                    c.paddingType = once(c.paddingType, key, parsed);
                    break;
                case "padding.char":
                    Token character = expect(Token.Type.STRING, "one quoted character, e.g. '0'");
                    if (character.text.length() != 1) {
                        throw error(character, "padding.char must be one character, e.g. '0'");
                    }
                    c.paddingChar = once(c.paddingChar, key, character.text.charAt(0));
                    break;
                case "padding.length.":
                    String field = key.text.substring("padding.length.".length());
                    if (!field.equals(Padding.FIELD_OFFSET) && !field.equals(Padding.FIELD_PARTITION)) {
                        throw error(key, "padding applies to the offset and the partition in object names; write"
                                + " 'padding.length.offset' or 'padding.length.partition'");
                    }
                    long length = number("a padding length");
                    if (length > 64) {
                        throw error(key, "a padding length of " + length + " is longer than any key needs; use at"
                                + " most 64");
                    }
                    if (c.paddingLengths.put(field, (int) length) != null) {
                        throw error(key, "property '" + key.text + "' is given twice");
                    }
                    break;
                case "store.envelope":
                case "store.envelope.key":
                case "store.envelope.value":
                case "store.envelope.headers":
                case "store.envelope.metadata":
                    throw error(key, "property '" + key.text + "' (the envelope of key, value, headers and metadata)"
                            + " is not supported by this sink; leave it out, or run the Lenses plugin (--plugin-dir)");
                default:
                    throw error(key, "property '" + key.text + "' is not supported; supported: 'flush.count',"
                            + " 'flush.size', 'flush.interval', 'padding.type', 'padding.char',"
                            + " 'padding.length.offset', 'padding.length.partition', 'partition.include.keys',"
                            + " 'key.suffix'");
            }
            if (peek().type == Token.Type.COMMA) {
                advance();
            } else if (peek().type != Token.Type.RPAREN) {
                throw error(peek(), "expected ',' or ')' in PROPERTIES");
            }
        }
        advance();
    }

    private static <T> T once(T previous, Token key, T value) {
        if (previous != null) {
            throw error(key, "property '" + key.text + "' is given twice");
        }
        return value;
    }

    private boolean bool(Token key) {
        Token t = peek();
        if ((t.type == Token.Type.WORD || t.type == Token.Type.STRING)
                && (t.text.equalsIgnoreCase("true") || t.text.equalsIgnoreCase("false"))) {
            advance();
            return Boolean.parseBoolean(t.text.toLowerCase(Locale.ROOT));
        }
        throw error(t, "expected true or false for '" + key.text + "'");
    }

    /** A suffix lands in every object name: no '/', which would open a directory. */
    private static String suffix(Token t) {
        if (t.text.isEmpty() || t.text.contains("/")) {
            throw error(t, "key.suffix must be non-empty text without '/'");
        }
        return t.text;
    }

    private static Long flushSetting(Long previous, Token clause, long value, String what) {
        if (previous != null) {
            throw error(clause, what + " is given twice (WITH_FLUSH_* and PROPERTIES set the same thing)");
        }
        return value;
    }

    /** A positive whole number, bare or single-quoted. */
    private long number(String what) {
        Token t = peek();
        if ((t.type != Token.Type.WORD && t.type != Token.Type.STRING) || !DIGITS.matcher(t.text).matches()) {
            throw error(t, "expected " + what + " (a positive whole number)");
        }
        advance();
        long value;
        try {
            value = Long.parseLong(t.text);
        } catch (NumberFormatException e) {
            throw error(t, what + " is too large");
        }
        if (value <= 0) {
            throw error(t, "expected " + what + " greater than 0");
        }
        return value;
    }

    private String topic() {
        Token t = peek();
        if (t.type == Token.Type.STAR || t.type == Token.Type.QUOTED_NAME && t.text.equals("*")) {
            throw error(t, "all topics (`*`) is not supported; name the topic after FROM");
        }
        name("a topic name after FROM");
        if (!TOPIC.matcher(t.text).matches() || t.text.equals(".") || t.text.equals("..")) {
            throw error(t, "not a valid Kafka topic name (letters, digits, '.', '_', '-'; at most 249)");
        }
        return t.text;
    }

    private static String bucket(Token t) {
        String b = t.text;
        String problem = null;
        if (b.length() < 3 || b.length() > 63) {
            problem = "it must be 3 to 63 characters long";
        } else if (!BUCKET_CHARS.matcher(b).matches()) {
            problem = "use lower-case letters, digits, '.' and '-' only";
        } else if (!Character.isLetterOrDigit(b.charAt(0)) || !Character.isLetterOrDigit(b.charAt(b.length() - 1))) {
            problem = "it must begin and end with a letter or digit";
        } else if (b.contains("..")) {
            problem = "it must not contain '..'";
        } else if (IP_ADDRESS.matcher(b).matches()) {
            problem = "it must not look like an IP address";
        }
        if (problem != null) {
            throw error(t, "'" + b + "' is not a valid S3 bucket name: " + problem);
        }
        return b;
    }

    private static String prefix(Token t, Compatibility line) {
        String p = t.text;
        if (p.startsWith("/")) {
            throw error(t, "the object key prefix must not start with '/'");
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.contains("//")) {
            throw error(t, "the object key prefix must not be empty or contain '//'");
        }
        if (line == Compatibility.LENSES_3 && p.contains("/")) {
            throw error(t, "Lenses 3 takes a prefix of one part only ('Nested prefix not currently supported');"
                    + " write one part without '/', " + TO_CURRENT_LINE);
        }
        return p;
    }

    private void keyword(String keyword) {
        Token t = peek();
        if (!t.isKeyword(keyword)) {
            throw error(t, "expected " + keyword);
        }
        advance();
    }

    /** A bare word that is not a keyword, or a back-ticked name. */
    private Token name(String what) {
        Token t = peek();
        if (t.type == Token.Type.QUOTED_NAME || t.type == Token.Type.WORD && !isKeyword(t)) {
            return advance();
        }
        throw error(t, "expected " + what + (isKeyword(t) ? " (escape a name that is a keyword with back-ticks)" : ""));
    }

    private void optionalEquals() {
        if (peek().type == Token.Type.EQUALS) {
            advance();
        }
    }

    private Token expect(Token.Type type, String what) {
        Token t = peek();
        if (t.type != type) {
            throw error(t, "expected " + what);
        }
        return advance();
    }

    private static boolean isKeyword(Token t) {
        return t.type == Token.Type.WORD && KEYWORDS.contains(t.text.toUpperCase(Locale.ROOT));
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token advance() {
        Token t = tokens.get(next);
        if (t.type != Token.Type.END) {
            next++;
        }
        return t;
    }

    private static KcqlException error(Token at, String problem) {
        return new KcqlException(at.position, at.display(),
                at.type == Token.Type.END ? problem + ", but the text ends" : problem);
    }
}
