package dev.margintopup.venue.http;

import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.util.function.Supplier;

/**
 * Reading the answer to a request that can move money. Once such a request was sent, an answer
 * we cannot read says nothing about whether the venue applied it: it is OUTCOME_UNKNOWN, for the
 * transfer service to reconcile with the venue's history, never a BAD_RESPONSE that could be
 * taken for "nothing moved". A venue's own refusal (rejected, insufficient balance, throttled,
 * a bad key) is an answer we did read and stands as it is.
 */
public final class MoneyMovingAnswer {

    private MoneyMovingAnswer() {}

    /**
     * Sends and reads through {@code sendAndRead}; an unreadable answer becomes OUTCOME_UNKNOWN.
     *
     * @param what the request that may have moved money, in words, for the message ("transfer into
     *     the USDⓈ-M wallet")
     */
    public static <T> T read(String venue, String endpoint, String what, Supplier<T> sendAndRead) {
        try {
            return sendAndRead.get();
        } catch (VenueException e) {
            if (e.kind() != Kind.BAD_RESPONSE) {
                throw e;
            }
            throw new VenueException(Kind.OUTCOME_UNKNOWN, venue, endpoint, e.venueCode(), "after the " + what
                    + ", which may have moved money, an answer could not be read; reconcile (" + e.getMessage()
                    + ")", e);
        }
    }
}
