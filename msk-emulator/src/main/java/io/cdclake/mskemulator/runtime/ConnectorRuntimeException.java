package io.cdclake.mskemulator.runtime;

/** A connector that cannot run, with a short code and a one-line message for its stateDescription. */
public final class ConnectorRuntimeException extends Exception {

    private final String code;
    private final String trace;

    public ConnectorRuntimeException(String code, String message) {
        this(code, message, null, null);
    }

    public ConnectorRuntimeException(String code, String message, String trace, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.trace = trace;
    }

    public String code() {
        return code;
    }

    /** The stack trace Kafka Connect reported, if any. */
    public String trace() {
        return trace;
    }
}
