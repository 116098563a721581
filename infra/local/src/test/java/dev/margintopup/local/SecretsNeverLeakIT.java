package dev.margintopup.local;

import static dev.margintopup.local.PipelineFixture.assertOutcome;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import dev.margintopup.ledger.AuditEntry;
import dev.margintopup.local.LocalPipeline.Delivery;
import dev.margintopup.paper.Fault;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A canary secret goes through every path that handles keys — a top-up, a lost response, a
 * malformed secret, a key the venue refuses for reading and for transferring — and appears in
 * no captured log line, event, audit record, handler result or exception message.
 */
class SecretsNeverLeakIT {

    private static final String CANARY = "CANARY-5e1f0c9a7b3d";

    private static PipelineFixture fx;
    private static ByteArrayOutputStream captured;
    private static PrintStream originalOut;

    @BeforeAll
    static void start() {
        originalOut = System.out;
        captured = new ByteArrayOutputStream();
        // The JSON log appender follows System.out, so every handler's log line lands here too.
        System.setOut(new PrintStream(new Tee(originalOut, captured), true, StandardCharsets.UTF_8));
        fx = new PipelineFixture().start();
    }

    @AfterAll
    static void stop() {
        System.setOut(originalOut);
        fx.close();
    }

    @Test
    void a_canary_secret_appears_in_no_log_event_audit_record_or_error() {
        List<String> surfaces = new ArrayList<>();
        List<String> accountIds = new ArrayList<>();

        // 1. A top-up whose first response is lost: signing, sending, reconciling, confirming.
        PipelineFixture.Account topUp = fx.account(item -> {});
        fx.venue.seedAccount(dev.margintopup.paper.PaperAccount.builder(topUp.apiKey(), CANARY)
                .balance(dev.margintopup.paper.Wallet.FUTURES, "USDT", "1000")
                .balance(dev.margintopup.paper.Wallet.FUNDING, "USDT", "10000")
                .position(dev.margintopup.paper.PaperPosition.cross(topUp.symbol(), dev.margintopup.paper.Side.LONG,
                        "1", "50000", "0.01"))
                .build());
        fx.storeKeys(topUp, CANARY);
        accountIds.add(topUp.id());
        fx.breach(topUp);
        fx.venue.injectFault(Fault.loseResponse("/api/v1/transfers").times(1));
        surfaces.add(fx.nextCheck(topUp).toString());
        surfaces.addAll(deliveries(fx.pipeline.deliverEvents()));
        assertThat(fx.venueTransfers(topUp)).as("the canary key really moved money").hasSize(1);

        // 2. A secret that is not valid JSON, with the canary inside.
        PipelineFixture.Account malformed = fx.account(item -> {});
        accountIds.add(malformed.id());
        fx.pipeline.putSecret("margin-topup/read/" + malformed.id(), "{\"apiKey\": \"k\", \"apiSecret\": " + CANARY);
        fx.breach(malformed);
        JsonNode malformedCheck = fx.nextCheck(malformed);
        assertOutcome(malformedCheck, "INVALID_CONFIG");
        surfaces.add(malformedCheck.toString());

        // 3. A read key the venue refuses (the stored secret is the canary, the venue expects another).
        PipelineFixture.Account refusedRead = fx.account(item -> {});
        accountIds.add(refusedRead.id());
        fx.storeKeys(refusedRead, CANARY);
        fx.breach(refusedRead);
        JsonNode refusedCheck = fx.nextCheck(refusedRead);
        assertOutcome(refusedCheck, "INVALID_CONFIG");
        surfaces.add(refusedCheck.toString());

        // 4. A transfer key the venue refuses.
        PipelineFixture.Account refusedTransfer = fx.account(item -> {});
        accountIds.add(refusedTransfer.id());
        fx.pipeline.putSecret("margin-topup/transfer/" + refusedTransfer.id(),
                "{\"apiKey\":\"" + refusedTransfer.apiKey() + "\",\"apiSecret\":\"" + CANARY + "\"}");
        fx.breach(refusedTransfer);
        surfaces.add(fx.nextCheck(refusedTransfer).toString());
        surfaces.addAll(deliveries(fx.pipeline.deliverEvents()));
        assertThat(fx.pipeline.publishedEvents("TopUpFailed"))
                .anyMatch(e -> refusedTransfer.id().equals(e.path("detail").path("accountId").asText()));

        for (Delivery d : fx.pipeline.history()) {
            surfaces.add(Json.write(d.event()));
        }
        for (String id : accountIds) {
            for (AuditEntry entry : fx.pipeline.ledger().auditTrail(id)) {
                surfaces.add(entry.toString());
            }
        }
        String logs = captured.toString(StandardCharsets.UTF_8);

        // The capture must have seen the work, or the absence below proves nothing.
        assertThat(logs).contains(topUp.id()).contains("top-up confirmed").contains("account config invalid");
        assertThat(surfaces).isNotEmpty();
        assertThat(logs).as("log lines").doesNotContain(CANARY);
        assertThat(surfaces).as("events, audit records, handler results and errors")
                .allSatisfy(s -> assertThat(s).doesNotContain(CANARY));
    }

    private static List<String> deliveries(List<Delivery> deliveries) {
        List<String> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            if (d.handlerResult() != null) {
                out.add(d.handlerResult().toString());
            }
            for (Throwable t = d.failure(); t != null; t = t.getCause()) {
                out.add(String.valueOf(t.getMessage()));
                out.add(t.toString());
            }
        }
        return out;
    }

    /** Writes to the real stdout and to the capture. */
    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
