package dev.margintopup.transfer;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.bus.DomainEvent;
import dev.margintopup.json.BadInput;
import dev.margintopup.json.Json;
import dev.margintopup.observability.Telemetry;
import dev.margintopup.topup.TransferService;
import dev.margintopup.wiring.Handlers;
import dev.margintopup.wiring.Services;
import dev.margintopup.wiring.SnapStartPriming;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Invoked by the EventBridge rule on {@code TopUpRequested} (see events/transfer-topup-requested.json).
 * Only the ids are taken from the event; the amount and everything else come from the ledger.
 */
public final class TransferHandler implements RequestStreamHandler {

    private final TransferService transfers;

    public TransferHandler() {
        this(primed(Services.fromEnvironment()));
    }

    private static TransferService primed(Services services) {
        SnapStartPriming.register("transfer", services.transferPriming());
        return services.transferService();
    }

    public TransferHandler(TransferService transfers) {
        this.transfers = transfers;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        Handlers.run(input, output, context, event -> {
            String detailType = event.path("detail-type").asText("");
            if (!DomainEvent.TOP_UP_REQUESTED.equals(detailType)) {
                throw new BadInput("expected an EventBridge event with detail-type TopUpRequested, got '"
                        + detailType + "'");
            }
            JsonNode detail = event.get("detail");
            if (detail == null || !detail.isObject()) {
                throw new BadInput("the TopUpRequested event has no detail object");
            }
            String accountId = Json.requiredText(detail, "accountId");
            String intentId = Json.requiredText(detail, "intentId");
            Telemetry.context(Telemetry.ACCOUNT_ID, accountId);
            Telemetry.context(Telemetry.INTENT_ID, intentId);
            return transfers.execute(accountId, intentId);
        });
    }
}
