package io.cdclake.s3sink.kcql;

/**
 * A KCQL statement the sink cannot accept. The message names the 1-based character position in the whole
 * {@code connect.s3.kcql} value and the token found there, so a user can find the mistake in a long value.
 */
public final class KcqlException extends RuntimeException {

    private final int position;
    private final String token;

    KcqlException(int position, String token, String problem) {
        super("position " + position + (token == null ? "" : " ('" + token + "')") + ": " + problem);
        this.position = position;
        this.token = token;
    }

    /** 1-based character position in the KCQL text. */
    public int position() {
        return position;
    }

    /** The token at that position as written, or null at the end of the text. */
    public String token() {
        return token;
    }
}
