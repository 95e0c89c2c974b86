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

    private final List<Token> tokens;
    private int next;

    private KcqlParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses every statement of a {@code connect.s3.kcql} value.
     *
     * @throws KcqlException naming the position and token of the first mistake
     */
    public static List<KcqlStatement> parse(String text) {
        if (text == null || text.isBlank()) {
            throw new KcqlException(1, null, "no statement; write INSERT INTO bucket[:prefix] SELECT * FROM topic");
        }
        return new KcqlParser(KcqlLexer.tokenize(text)).statements();
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
            prefix = prefix(name("an object key prefix after ':'"));
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
        return new KcqlStatement(number, bucket, prefix, topic, clauses.partitionBy, clauses.valuesOnly,
                clauses.format == null ? FORMAT_JSON : clauses.format, flush);
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
                optionalEquals();
                c.count = flushSetting(c.count, t, number("a record count"), "flush count");
                break;
            case "WITH_FLUSH_SIZE":
                optionalEquals();
                c.size = flushSetting(c.size, t, number("a size in bytes"), "flush size");
                break;
            case "WITH_FLUSH_INTERVAL":
                optionalEquals();
                c.interval = flushSetting(c.interval, t, number("an interval in seconds"), "flush interval");
                break;
            case "PROPERTIES":
                properties(c);
                break;
            default:
                throw error(t, "expected " + CLAUSES);
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
            return PartitionField.of(PartitionField.Source.VALUE, segments);
        }
        String head = segments.get(0).toLowerCase(Locale.ROOT);
        List<String> rest = segments.subList(1, segments.size());
        switch (head) {
            case "_value":
                if (rest.isEmpty()) {
                    throw error(first, "_value names no field; write _value.<field>");
                }
                return PartitionField.of(PartitionField.Source.VALUE, rest);
            case "_key":
                return PartitionField.of(PartitionField.Source.KEY, rest);
            case "_header":
                if (rest.isEmpty()) {
                    throw error(first, "_header names no header; write _header.<name>");
                }
                return PartitionField.of(PartitionField.Source.HEADER, List.of(String.join(".", rest)));
            default:
                return PartitionField.of(PartitionField.Source.VALUE, segments);
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
            switch (key.text) {
                case "flush.count":
                    c.count = flushSetting(c.count, key, number("a record count"), "flush count");
                    break;
                case "flush.size":
                    c.size = flushSetting(c.size, key, number("a size in bytes"), "flush size");
                    break;
                case "flush.interval":
                    c.interval = flushSetting(c.interval, key, number("an interval in seconds"), "flush interval");
                    break;
                default:
                    throw error(key, "property '" + key.text + "' is not supported; supported: 'flush.count',"
                            + " 'flush.size', 'flush.interval'");
            }
            if (peek().type == Token.Type.COMMA) {
                advance();
            } else if (peek().type != Token.Type.RPAREN) {
                throw error(peek(), "expected ',' or ')' in PROPERTIES");
            }
        }
        advance();
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

    private static String prefix(Token t) {
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
