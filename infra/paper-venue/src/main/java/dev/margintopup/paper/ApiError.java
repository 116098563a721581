package dev.margintopup.paper;

import java.util.Map;

/**
 * A refusal the venue reports to the caller as {@code {"code":..,"msg":..}}. Messages are
 * written for people and never carry a secret or a signature.
 *
 * @param extra further fields for the body, such as the existing transfer id of a duplicate
 */
final class ApiError extends RuntimeException {

    static final int UNKNOWN_KEY = 1001;
    static final int TIMESTAMP_OUTSIDE_WINDOW = 1002;
    static final int BAD_SIGNATURE = 1003;
    static final int TOO_MANY_REQUESTS = 1100;
    static final int INTERNAL = 1000;
    static final int DUPLICATE_CLIENT_ID = 2001;
    static final int INSUFFICIENT_BALANCE = 2002;
    static final int BAD_AMOUNT = 2003;
    static final int NO_SUCH_POSITION = 3001;
    static final int BAD_PARAMETER = 3002;
    static final int NO_SUCH_SYMBOL = 3003;
    static final int NO_SUCH_ENDPOINT = 3000;

    private final int status;
    private final int code;
    private final Map<String, String> extra;

    ApiError(int status, int code, String message) {
        this(status, code, message, Map.of());
    }

    ApiError(int status, int code, String message, Map<String, String> extra) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.extra = Map.copyOf(extra);
    }

    static ApiError badParameter(String message) {
        return new ApiError(400, BAD_PARAMETER, message);
    }

    int status() {
        return status;
    }

    int code() {
        return code;
    }

    Map<String, String> extra() {
        return extra;
    }
}
