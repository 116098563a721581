package dev.margintopup.dialect.binance;

/** A Binance error answer: HTTP status and {@code {"code":..,"msg":..}}. */
final class DialectError extends RuntimeException {

    static final int UNKNOWN = -1000;
    static final int DISCONNECTED = -1001;
    static final int TOO_MANY_REQUESTS = -1003;
    static final int ILLEGAL_CHARS = -1100;
    static final int TOO_MANY_PARAMETERS = -1101;
    static final int MANDATORY_PARAM_EMPTY_OR_MALFORMED = -1102;
    static final int BAD_PRECISION = -1111;
    static final int INVALID_PARAMETER = -1130;
    static final int BAD_RECV_WINDOW = -1131;
    static final int INVALID_TIMESTAMP = -1021;
    static final int INVALID_SIGNATURE = -1022;
    static final int BAD_API_KEY_FMT = -2014;
    static final int REJECTED_MBX_KEY = -2015;
    static final int ADD_MARGIN_ONLY_ISOLATED = -4049;
    static final int CROSS_BALANCE_INSUFFICIENT = -4050;
    static final int ISOLATED_BALANCE_INSUFFICIENT = -4051;
    static final int ADD_MARGIN_POSITION_ZERO = -4054;
    static final int AMOUNT_MUST_BE_POSITIVE = -4055;
    static final int POSITION_SIDE_NOT_MATCH = -4061;
    /** SAPI "Asset transfer failed: insufficient balance". */
    static final int ASSET_TRANSFER_INSUFFICIENT = -5013;

    final int status;
    final int code;

    DialectError(int status, int code, String msg) {
        super(msg);
        this.status = status;
        this.code = code;
    }
}
