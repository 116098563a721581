package dev.margintopup.account;

import java.util.Locale;
import java.util.Optional;

/** Whether the account's whole margin (cross) or one position's margin (isolated) is protected. */
public enum MarginMode {
    CROSS,
    ISOLATED;

    /** The spelling used in account items: {@code cross} or {@code isolated}. */
    public String itemValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MarginMode> fromItemValue(String value) {
        for (MarginMode mode : values()) {
            if (mode.itemValue().equals(value)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
