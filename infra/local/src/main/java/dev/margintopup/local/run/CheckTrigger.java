package dev.margintopup.local.run;

import java.util.Arrays;

/** What starts the checks, as the template's {@code CheckTrigger} parameter picks it (decision 0032). */
public enum CheckTrigger {
    /** One schedule a minute; the tick Scans the Accounts table and invokes the checker per due account. */
    TICK("tick"),
    /** One Scheduler schedule per account, kept in step with its item by schedule-sync. */
    PER_ACCOUNT_SCHEDULES("per-account-schedules");

    private final String parameterValue;

    CheckTrigger(String parameterValue) {
        this.parameterValue = parameterValue;
    }

    /** The value of the template parameter, and of the runner's {@code --trigger}. */
    public String parameterValue() {
        return parameterValue;
    }

    public static CheckTrigger of(String parameterValue) {
        return Arrays.stream(values()).filter(t -> t.parameterValue.equals(parameterValue)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check trigger '" + parameterValue + "'; choose "
                        + String.join(" or ", Arrays.stream(values()).map(CheckTrigger::parameterValue).toList())));
    }
}
