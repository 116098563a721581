package dev.margintopup.local.report;

import java.util.Objects;

/** An alert the pipeline raised for an account: {@code MarginAtRisk}, {@code TopUpFailed} or {@code AccountConfigInvalid}. */
public record AlertMark(int minute, String type, String reason) {

    public AlertMark {
        Objects.requireNonNull(type, "type");
        reason = reason == null ? "" : reason;
    }
}
