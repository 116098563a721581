package dev.margintopup.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.TransferReceipt;
import dev.margintopup.venue.VenueException;
import java.util.function.Supplier;

/** What every adapter owes a caller once a request that can move money was sent. */
public final class SpoiledAfterMoving {

    private SpoiledAfterMoving() {}

    /**
     * The top-up's answer was spoiled after the venue moved the money: the adapter reads it anyway
     * or reports OUTCOME_UNKNOWN, never a refusal that would let the intent close as failed.
     */
    public static void assertNeverARefusal(Supplier<TransferReceipt> topUp) {
        VenueException error = catchThrowableOfType(VenueException.class, topUp::get);
        if (error != null) {
            assertThat(error.kind()).as(error.getMessage()).isEqualTo(VenueException.Kind.OUTCOME_UNKNOWN);
        }
    }
}
