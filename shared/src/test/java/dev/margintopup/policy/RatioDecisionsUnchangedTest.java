package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Accounts with the ratio pair get the decisions they got before move settings existed.
 *
 * <p>The resource holds 1 200 generated checks (margin balance, maintenance, source balance, step,
 * trigger, target, per-transfer cap, daily cap, minimum, used today, in flight) and the decision
 * the ratio-only policy gave each, recorded before move-based protection was added. Each is
 * decided again now, with a position and a wild market beside it that ratio settings ignore.
 */
class RatioDecisionsUnchangedTest {

    private static final String RECORDED = "ratio-decisions-before-moves.txt";
    private static final BigDecimal WILD_MARKET = new BigDecimal("0.2");

    @Test
    void every_recorded_ratio_decision_is_decided_the_same_today() throws IOException {
        List<String> lines = recorded();
        assertThat(lines).hasSize(1200);

        for (String line : lines) {
            String[] inputAndDecision = line.split("\\|", 2);
            String[] c = inputAndDecision[0].split(",");
            MarginSnapshot snapshot = new MarginSnapshot("paper", Instant.EPOCH, "USDT", d(c[0]), d(c[1]), d(c[2]),
                    d(c[3]), null, null, List.of(new Position("BTCUSDT", Position.Side.LONG, BigDecimal.ONE,
                            new BigDecimal("50000"), d(c[1]), null)));
            AccountConfig account = new AccountConfig("acct-1", "paper", MarginMode.CROSS, null, "USDT", "FUNDING",
                    d(c[4]), d(c[5]), d(c[6]), d(c[7]), d(c[8]), Duration.ZERO, 1, "margin-topup/read/acct-1",
                    "margin-topup/transfer/acct-1", true, false, null);

            Decision today = TopUpPolicy.decide(snapshot, account, d(c[9]), Boolean.parseBoolean(c[10]), WILD_MARKET);

            assertThat(today).as("decision for %s", inputAndDecision[0]).hasToString(inputAndDecision[1]);
        }
    }

    private static List<String> recorded() throws IOException {
        try (InputStream in = RatioDecisionsUnchangedTest.class.getResourceAsStream(RECORDED)) {
            assertThat(in).as(RECORDED).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }
}
