package dev.margintopup.account;

/** A bad field in an account item: which one and why, in words a user can act on. */
public record FieldProblem(String field, String reason) {

    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
