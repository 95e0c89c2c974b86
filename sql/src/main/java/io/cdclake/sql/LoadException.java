package io.cdclake.sql;

/** Loading failed and nothing was changed; the message is one line that says what to do. */
public final class LoadException extends Exception {

    public LoadException(String message) {
        super(message);
    }

    public LoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
