package dev.margintopup.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.policy.Decision;
import dev.margintopup.testing.Accounts;
import dev.margintopup.venue.TransferInstruction;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A leg names its source by label; the instruction built from its intent carries the wallet and the sub-account apart. */
class LegSourceTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private final AccountConfig account = Accounts.config("desk-1");
    private final Decision.TopUp decision =
            new Decision.TopUp(new BigDecimal("0.6"), new BigDecimal("400"), new BigDecimal("0.3"), null);

    @Test
    void a_sub_account_leg_is_instructed_as_a_subaccount_wallet_naming_its_sub_account_on_every_attempt() {
        Intent first = Intent.opened(new CheckId("desk-1", NOW), account, decision,
                List.of(new Leg("FUNDING", new BigDecimal("100")), new Leg("SUBACCOUNT:desk-2", new BigDecimal("300"))),
                NOW);
        Intent second = first.nextLeg(NOW);

        TransferInstruction own = first.instruction();
        TransferInstruction fromSub = second.instruction();

        assertThat(own.fromWallet()).isEqualTo("FUNDING");
        assertThat(own.fromSubAccount()).isFalse();
        assertThat(second.fromWallet()).as("as stored and published").isEqualTo("SUBACCOUNT:desk-2");
        assertThat(fromSub.fromWallet()).isEqualTo("SUBACCOUNT");
        assertThat(fromSub.subAccount()).isEqualTo("desk-2");
        assertThat(fromSub.clientId()).isEqualTo(second.intentId());
        assertThat(second.instruction()).as("rebuilt identically").isEqualTo(fromSub);
    }
}
