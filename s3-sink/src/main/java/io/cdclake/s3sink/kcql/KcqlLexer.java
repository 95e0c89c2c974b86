package io.cdclake.s3sink.kcql;

import java.util.ArrayList;
import java.util.List;

/** Splits KCQL text into tokens. Words are runs of letters, digits and {@code _ - . / $}. */
final class KcqlLexer {

    private final String text;
    private int index;

    private KcqlLexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new KcqlLexer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipWhitespace();
            if (index >= text.length()) {
                tokens.add(new Token(Token.Type.END, "", text.length() + 1, text.length() + 1));
                return tokens;
            }
            char c = text.charAt(index);
            int position = index + 1;
            if (isWordChar(c)) {
                int start = index;
                while (index < text.length() && isWordChar(text.charAt(index))) {
                    index++;
                }
                tokens.add(new Token(Token.Type.WORD, text.substring(start, index), position, index + 1));
            } else if (c == '`') {
                String name = quoted('`', "back-tick name");
                tokens.add(new Token(Token.Type.QUOTED_NAME, name, position, index + 1));
            } else if (c == '\'') {
                String string = quoted('\'', "string");
                tokens.add(new Token(Token.Type.STRING, string, position, index + 1));
            } else {
                tokens.add(new Token(symbol(c, position), String.valueOf(c), position, position + 1));
                index++;
            }
        }
    }

    private void skipWhitespace() {
        while (index < text.length() && Character.isWhitespace(text.charAt(index))) {
            index++;
        }
    }

    /** Reads a quoted run; a doubled quote stands for the quote itself. */
    private String quoted(char quote, String what) {
        int start = index;
        StringBuilder value = new StringBuilder();
        index++;
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == quote) {
                if (index + 1 < text.length() && text.charAt(index + 1) == quote) {
                    value.append(quote);
                    index += 2;
                    continue;
                }
                index++;
                if (value.length() == 0) {
                    throw new KcqlException(start + 1, quote + "" + quote, "empty " + what);
                }
                return value.toString();
            }
            value.append(c);
            index++;
        }
        throw new KcqlException(start + 1, text.substring(start, Math.min(text.length(), start + 20)),
                "unterminated " + what + ": no closing " + quote);
    }

    private static Token.Type symbol(char c, int position) {
        switch (c) {
            case '*':
                return Token.Type.STAR;
            case ',':
                return Token.Type.COMMA;
            case '=':
                return Token.Type.EQUALS;
            case ':':
                return Token.Type.COLON;
            case ';':
                return Token.Type.SEMICOLON;
            case '(':
                return Token.Type.LPAREN;
            case ')':
                return Token.Type.RPAREN;
            default:
                throw new KcqlException(position, String.valueOf(c), "unexpected character");
        }
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '/' || c == '$';
    }
}
