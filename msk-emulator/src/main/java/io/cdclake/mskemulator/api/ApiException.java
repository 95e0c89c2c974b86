package io.cdclake.mskemulator.api;

/** A request the service refuses, answered with AWS's status code, error type and a one-line message. */
public final class ApiException extends RuntimeException {

    private final ErrorType type;

    public ApiException(ErrorType type, String message) {
        super(message);
        this.type = type;
    }

    public ErrorType type() {
        return type;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(ErrorType.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(ErrorType.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(ErrorType.CONFLICT, message);
    }
}
