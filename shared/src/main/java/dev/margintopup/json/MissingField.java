package dev.margintopup.json;

/**
 * A boundary record was built without a field it cannot do without. Thrown by the records'
 * constructors; {@link Json#decode} turns it into a {@link BadInput} naming the field, and in our
 * own code it is a bug that fails the invocation (and so is retried) rather than a bad event.
 */
public final class MissingField extends IllegalArgumentException {

    private final String field;

    public MissingField(String field) {
        super("'" + field + "' is missing");
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** {@code value}, or a {@link MissingField} naming {@code field}. */
    public static <T> T required(T value, String field) {
        if (value == null) {
            throw new MissingField(field);
        }
        return value;
    }

    /** A text that must be present and not blank. */
    public static String requiredText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MissingField(field);
        }
        return value;
    }
}
