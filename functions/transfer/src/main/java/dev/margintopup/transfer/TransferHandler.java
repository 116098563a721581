package dev.margintopup.transfer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import dev.margintopup.bus.EventCatalogue;
import dev.margintopup.bus.SweepRequested;
import dev.margintopup.bus.TopUpRequested;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.topup.TransferResult;
import dev.margintopup.topup.TransferService;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Invoked by the EventBridge rule on {@code TopUpRequested} and {@code SweepRequested} (see
 * events/top-up-requested.json, events/sweep-requested.json). The whole detail must read as its
 * record, but only its ids are used: the amount, the direction and everything else come from the ledger.
 */
public final class TransferHandler implements RequestStreamHandler {

    private final Transfers transfers;

    /** What the handler asks of the shared code: carry out one intent of one account. */
    @FunctionalInterface
    interface Transfers {
        TransferResult execute(String accountId, String intentId);
    }

    public TransferHandler() {
        this(primed(Services.forTransfer()));
    }

    private static TransferService primed(Services services) {
        SnapStartPriming.register("transfer", services.transferPriming());
        return services.transferService();
    }

    public TransferHandler(TransferService transfers) {
        this((Transfers) transfers::execute);
    }

    /** The handler around any transfer, for tests of the handler alone. */
    TransferHandler(Transfers transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            String accountId;
            String intentId;
            if (EventCatalogue.SWEEP_REQUESTED.detailType().equals(event.path("detail-type").asText(""))) {
                SweepRequested sweep = EventCatalogue.SWEEP_REQUESTED.decodeOnly(event, SweepRequested.class);
                accountId = sweep.accountId();
                intentId = sweep.intentId();
            } else {
                TopUpRequested requested = EventCatalogue.TOP_UP_REQUESTED.decodeOnly(event, TopUpRequested.class);
                accountId = requested.accountId();
                intentId = requested.intentId();
            }
            Telemetry.context(Telemetry.ACCOUNT_ID, accountId);
            Telemetry.context(Telemetry.INTENT_ID, intentId);
            return transfers.execute(accountId, intentId);
        });
    }
}
