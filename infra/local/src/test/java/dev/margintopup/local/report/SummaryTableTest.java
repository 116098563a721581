package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

    private static final Instant START = Instant.parse("2026-03-14T09:00:00Z");

    private static Sample at(int minute, String ratio) {
        return new Sample(minute, ratio == null ? null : new BigDecimal(ratio));
    }

    private static AccountTrack managedCross() {
        return new AccountTrack("acct-cross", true, "CROSS", new BigDecimal("0.8"), new BigDecimal("0.6"),
                List.of(at(0, "0.5"), at(1, "0.81"), at(2, "0.84"), at(3, "0.61"), at(4, "0.82"), at(5, "0.9"),
                        at(6, "0.83"), at(7, "0.59"), at(8, "0.55"), at(9, "0.5")),
                List.of(new TopUpMark(2, 3, new BigDecimal("1500"), "USDT", TopUpMark.CONFIRMED),
                        new TopUpMark(5, 7, new BigDecimal("2250.50"), "USDT", TopUpMark.CONFIRMED)),
                List.of(new AlertMark(5, "MarginAtRisk", "ratio 0.9 above trigger")), null);
    }

    private static AccountTrack control() {
        return new AccountTrack("acct-control", false, "CROSS", null, null,
                List.of(at(0, "0.5"), at(4, "0.9"), at(7, "1.0123"), at(8, null), at(9, null)),
                List.of(), List.of(), new Liquidation(7, new BigDecimal("58012.5")));
    }

    @Test
    void one_aligned_row_per_account_then_the_verdict() {
        RunReport report = new RunReport("flash-crash", "", START, 10, "BTCUSDT", List.of(),
                List.of(managedCross(), control()), List.of());

        assertThat(SummaryTable.render(report)).isEqualTo("""
                flash-crash · BTCUSDT · 10 min from 2026-03-14 09:00 UTC
                ┌──────────────┬─────────┬────────────────────────┬───────────┬──────────────────┬─────────────┬────────────────────┬────────┐
                │ Account      │ Managed │ Outcome                │ Transfers │ Collateral moved │ Worst ratio │ Breach → confirmed │ Alerts │
                │              │         │                        │           │                  │             │       median / max │        │
                ├──────────────┼─────────┼────────────────────────┼───────────┼──────────────────┼─────────────┼────────────────────┼────────┤
                │ acct-cross   │ yes     │ ALIVE                  │         2 │     3,750.5 USDT │       0.900 │    2.5 min / 3 min │      1 │
                │ acct-control │ control │ LIQUIDATED at minute 7 │         0 │                — │       1.012 │                  — │      0 │
                └──────────────┴─────────┴────────────────────────┴───────────┴──────────────────┴─────────────┴────────────────────┴────────┘
                Top-ups kept 1 of 1 managed account alive: 2 transfers, 3,750.5 USDT moved.
                1 of 1 control account was liquidated.
                """);
    }

    @Test
    void the_verdict_says_so_when_there_is_nothing_to_compare() {
        AccountTrack quiet = new AccountTrack("acct-quiet", true, "ISOLATED", new BigDecimal("0.8"), new BigDecimal("0.6"),
                List.of(at(0, "0.3")), List.of(), List.of(), null);
        RunReport report = new RunReport("calm", null, START, 90, "ETHUSDT", null, List.of(quiet), null);

        assertThat(SummaryTable.render(report)).endsWith("""
                1 of 1 managed account survived; no top-up landed.
                No control accounts to compare against.
                """).contains("calm · ETHUSDT · 1 h 30 min from 2026-03-14 09:00 UTC");
    }

    @Test
    void controls_that_all_survive_are_reported_as_such() {
        AccountTrack survivor = new AccountTrack("c1", false, "CROSS", null, null, List.of(at(0, "0.3")), List.of(),
                List.of(), null);
        RunReport one = new RunReport("s", "", START, 5, "", List.of(), List.of(survivor), List.of());
        RunReport two = new RunReport("s", "", START, 5, "", List.of(), List.of(survivor, survivor), List.of());

        assertThat(SummaryTable.render(one)).contains("No managed accounts in this run.\nThe control account was not liquidated.\n");
        assertThat(SummaryTable.render(two)).contains("None of the 2 control accounts was liquidated.\n");
    }

    @Test
    void a_newline_in_an_account_id_cannot_break_the_grid() {
        AccountTrack odd = new AccountTrack("evil\nid", false, "CROSS", null, null, List.of(), List.of(), List.of(), null);
        RunReport report = new RunReport("s", "", START, 5, "BTCUSDT", List.of(), List.of(odd), List.of());

        String table = SummaryTable.render(report);
        assertThat(table).contains("│ evil id │").doesNotContain("evil\n");
        assertThat(table.lines().filter(l -> l.startsWith("│") || l.startsWith("┌") || l.startsWith("└"))
                .map(String::length).distinct()).hasSize(1);
    }
}
