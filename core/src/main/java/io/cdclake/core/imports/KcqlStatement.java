package io.cdclake.core.imports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement of a KCQL S3 sink's {@code connect.s3.kcql}, as the Lenses S3 sink reads it: both the flush
 * clauses of its 4.x releases ({@code WITH_FLUSH_COUNT = 50}) and the {@code PROPERTIES('flush.count'=50)} of 7.0
 * and later.
 *
 * @param select      what follows SELECT, {@code *} for every field
 * @param partitionBy the PARTITIONBY fields; empty when absent or NOPARTITION
 * @param storeAs     the STOREAS format without quotes, or null
 * @param flush       WITH_FLUSH_INTERVAL / COUNT / SIZE by their suffix in lower case ({@code interval})
 * @param properties  the PROPERTIES pairs, unquoted
 * @param others      clauses this reader does not map, as written (e.g. {@code WITH_PARTITIONER = Values})
 */
public record KcqlStatement(String bucket, String prefix, String select, String topic, List<String> partitionBy,
                            boolean noPartition, String storeAs, Map<String, String> flush,
                            Map<String, String> properties, List<String> others) {

    private static final Pattern HEAD = Pattern.compile(
            "(?is)\\s*INSERT\\s+INTO\\s+(`[^`]+`|[^\\s`]+)\\s+SELECT\\s+(.+?)\\s+FROM\\s+(`[^`]+`|[^\\s`]+)(.*)");
    private static final Pattern TOKEN = Pattern.compile("\\s*(`[^`]*`|'(?:[^']|'')*'|\"[^\"]*\"|[(),=]|[^\\s(),=]+)");
    private static final List<String> KEYWORDS = List.of("PARTITIONBY", "NOPARTITION", "STOREAS", "PROPERTIES",
            "WITH_FLUSH_INTERVAL", "WITH_FLUSH_COUNT", "WITH_FLUSH_SIZE");

    /** Every statement of a {@code connect.s3.kcql} value (statements are separated by ';'). */
    public static List<KcqlStatement> parseAll(String kcql, String file, String key) {
        List<KcqlStatement> statements = new ArrayList<>();
        for (String s : kcql.split(";")) {
            if (!s.isBlank()) {
                statements.add(parse(s, file, key));
            }
        }
        if (statements.isEmpty()) {
            throw new ImportException(file, key, "holds no statement",
                    "write INSERT INTO <bucket>:<prefix> SELECT * FROM <topic> PARTITIONBY <field> STOREAS `json`");
        }
        return statements;
    }

    static KcqlStatement parse(String statement, String file, String key) {
        Matcher head = HEAD.matcher(statement);
        if (!head.matches()) {
            throw new ImportException(file, key, "is not a KCQL statement: '" + statement.strip() + "'",
                    "write INSERT INTO <bucket>:<prefix> SELECT * FROM <topic> ...");
        }
        String target = unquote(head.group(1));
        int colon = target.indexOf(':');
        String bucket = colon < 0 ? target : target.substring(0, colon);
        String prefix = colon < 0 ? null : target.substring(colon + 1);
        List<String> tokens = tokens(head.group(4), file, key);
        List<String> partitionBy = new ArrayList<>();
        boolean noPartition = false;
        String storeAs = null;
        Map<String, String> flush = new LinkedHashMap<>();
        Map<String, String> properties = new LinkedHashMap<>();
        List<String> others = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            String word = tokens.get(i).toUpperCase(Locale.ROOT);
            i++;
            switch (word) {
                case "PARTITIONBY" -> {
                    partitionBy.add(unquote(at(tokens, i++, file, key, "a field after PARTITIONBY")));
                    while (i < tokens.size() && tokens.get(i).equals(",")) {
                        partitionBy.add(unquote(at(tokens, i + 1, file, key, "a field after ','")));
                        i += 2;
                    }
                }
                case "NOPARTITION" -> noPartition = true;
                case "STOREAS" -> storeAs = unquote(at(tokens, i++, file, key, "a format after STOREAS"));
                case "WITH_FLUSH_INTERVAL", "WITH_FLUSH_COUNT", "WITH_FLUSH_SIZE" -> {
                    if (i < tokens.size() && tokens.get(i).equals("=")) {
                        i++;
                    }
                    flush.put(word.substring("WITH_FLUSH_".length()).toLowerCase(Locale.ROOT),
                            unquote(at(tokens, i++, file, key, "a number after " + word)));
                }
                case "PROPERTIES" -> i = properties(tokens, i, properties, file, key);
                default -> {
                    StringBuilder clause = new StringBuilder(tokens.get(i - 1));
                    while (i < tokens.size() && !KEYWORDS.contains(tokens.get(i).toUpperCase(Locale.ROOT))) {
                        clause.append(' ').append(tokens.get(i++));
                    }
                    others.add(clause.toString());
                }
            }
        }
        return new KcqlStatement(bucket, prefix, head.group(2).strip(), unquote(head.group(3)), List.copyOf(partitionBy),
                noPartition, storeAs, flush, properties, List.copyOf(others));
    }

    /** {@code ( 'k' = v , ... )} from {@code i}; returns the index after ')'. */
    private static int properties(List<String> tokens, int i, Map<String, String> into, String file, String key) {
        if (!"(".equals(at(tokens, i, file, key, "'(' after PROPERTIES"))) {
            throw new ImportException(file, key, "PROPERTIES is not followed by '('", "write PROPERTIES('flush.count'=50)");
        }
        i++;
        while (!")".equals(at(tokens, i, file, key, "')' closing PROPERTIES"))) {
            String name = unquote(tokens.get(i));
            if (!"=".equals(at(tokens, i + 1, file, key, "'=' after '" + name + "'"))) {
                throw new ImportException(file, key, "PROPERTIES entry '" + name + "' has no '='",
                        "write each entry as 'name'=value");
            }
            into.put(name, unquote(at(tokens, i + 2, file, key, "a value for '" + name + "'")));
            i += 3;
            if (i < tokens.size() && tokens.get(i).equals(",")) {
                i++;
            }
        }
        return i + 1;
    }

    private static String at(List<String> tokens, int i, String file, String key, String expected) {
        if (i >= tokens.size()) {
            throw new ImportException(file, key, "ends where it expects " + expected, "complete the KCQL statement");
        }
        return tokens.get(i);
    }

    private static List<String> tokens(String text, String file, String key) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int end = 0;
        while (m.lookingAt()) {
            tokens.add(m.group(1));
            end = m.end();
            m.region(end, text.length());
        }
        if (!text.substring(end).isBlank()) {
            throw new ImportException(file, key, "cannot be read from '" + text.substring(end).strip() + "'",
                    "check the quotes of the KCQL statement");
        }
        return tokens;
    }

    private static String unquote(String token) {
        if (token.length() >= 2 && (token.startsWith("`") && token.endsWith("`")
                || token.startsWith("'") && token.endsWith("'") || token.startsWith("\"") && token.endsWith("\""))) {
            return token.substring(1, token.length() - 1).replace("''", "'");
        }
        return token;
    }
}
