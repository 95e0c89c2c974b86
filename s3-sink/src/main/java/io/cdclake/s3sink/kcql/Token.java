package io.cdclake.s3sink.kcql;

/** One lexical token of KCQL, with its 1-based position in the text. */
final class Token {

    enum Type {
        /** A bare word: keyword, bucket, prefix, topic, field path or number. */
        WORD,
        /** A back-tick escaped name, taken literally. */
        QUOTED_NAME,
        /** A single-quoted string (PROPERTIES keys and values). */
        STRING,
        STAR, COMMA, EQUALS, COLON, SEMICOLON, LPAREN, RPAREN,
        END
    }

    final Type type;
    /** The token's value: the word, or the text between the quotes. */
    final String text;
    final int position;
    /** The 1-based position just after the token as written (quotes included). */
    final int end;

    Token(Type type, String text, int position, int end) {
        this.type = type;
        this.text = text;
        this.position = position;
        this.end = end;
    }

    boolean isKeyword(String keyword) {
        return type == Type.WORD && text.equalsIgnoreCase(keyword);
    }

    /** How the token is shown in an error message; null at the end of the text. */
    String display() {
        switch (type) {
            case END:
                return null;
            case QUOTED_NAME:
                return "`" + text + "`";
            case STRING:
                return "'" + text + "'";
            default:
                return text;
        }
    }
}
