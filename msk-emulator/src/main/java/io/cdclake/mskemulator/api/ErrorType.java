package io.cdclake.mskemulator.api;

/**
 * The error types the emulator answers with, with their HTTP status. The name goes into the
 * {@code x-amzn-ErrorType} header, from which the AWS SDK picks the exception class ({@code BadRequestException},
 * ...). The last five are the ones AWS's front door (routing and request authentication) sends before the service
 * sees the request. MSK Connect's model also has Unauthorized (401), Forbidden (403), TooManyRequests (429) and
 * ServiceUnavailable (503), which nothing in the emulator provokes.
 */
public enum ErrorType {
    BAD_REQUEST(400, "BadRequestException"),
    NOT_FOUND(404, "NotFoundException"),
    CONFLICT(409, "ConflictException"),
    INTERNAL_SERVER_ERROR(500, "InternalServerErrorException"),

    UNKNOWN_OPERATION(404, "UnknownOperationException"),

    MISSING_AUTHENTICATION_TOKEN(403, "MissingAuthenticationTokenException"),
    INCOMPLETE_SIGNATURE(400, "IncompleteSignatureException"),
    INVALID_SIGNATURE(403, "InvalidSignatureException"),
    UNRECOGNIZED_CLIENT(403, "UnrecognizedClientException");

    private final int httpStatus;
    private final String code;

    ErrorType(int httpStatus, String code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String code() {
        return code;
    }
}
