package dev.margintopup.schedule;

import static dev.margintopup.json.MissingField.required;

import dev.margintopup.json.BadInput;

/**
 * What the daily reconcile schedule delivers to schedule-sync: {@code {"reconcile": true}}.
 * Anything else in it is a mistake worth hearing about, not a reconcile.
 */
public record ReconcileRequest(Boolean reconcile) {

    public static final String RECONCILE = "reconcile";

    public ReconcileRequest {
        required(reconcile, RECONCILE);
        if (!reconcile) {
            throw new BadInput("'reconcile' is false: there is nothing to do; the daily schedule sends true");
        }
    }
}
