package dev.margintopup.local.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.local.report.Comparison.Pair;
import dev.margintopup.local.report.Comparison.Played;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final Comparison RUN = new Comparison("staircase", List.of(
            new Pair("desk-cross", new BigDecimal("1000"), true,
                    new Played("desk-cross.ratio", 54, new BigDecimal("700"), new BigDecimal("412.5"), 1, new BigDecimal("0.0123"), 0),
                    new Played("desk-cross.move", null, new BigDecimal("1500"), BigDecimal.ZERO, 2, new BigDecimal("0.031"), 1)),
            new Pair("desk-isolated", new BigDecimal("500"), false,
                    new Played("desk-isolated.ratio", null, new BigDecimal("1000"), BigDecimal.ZERO, 3, null, 2),
                    new Played("desk-isolated.move", null, new BigDecimal("500"), BigDecimal.ZERO, 1, null, 0))));

    @Test
    void totals_add_up_each_side_over_the_accounts() {
        assertThat(RUN.totalMoved(0)).isEqualByComparingTo("1700");
        assertThat(RUN.totalMoved(1)).isEqualByComparingTo("2000");
        assertThat(RUN.totalTransfers(0)).isEqualTo(4);
        assertThat(RUN.totalTransfers(1)).isEqualTo(3);
        assertThat(RUN.liquidations(0)).isEqualTo(1);
        assertThat(RUN.liquidations(1)).isZero();
        assertThat(RUN.totalAlerts(0)).isEqualTo(2);
        assertThat(RUN.totalOptimum()).isEqualByComparingTo("1500");
    }

    @Test
    void a_liquidated_side_is_charged_the_margin_it_lost_and_left_out_of_the_like_for_like_total() {
        assertThat(RUN.totalLost(0)).isEqualByComparingTo("412.5");
        assertThat(RUN.totalLost(1)).isZero();
        assertThat(RUN.totalMovedAndLost(0)).isEqualByComparingTo("2112.5");
        assertThat(RUN.totalMovedAndLost(1)).isEqualByComparingTo("2000");
        assertThat(RUN.bothAlive()).isEqualTo(1);
        assertThat(RUN.movedWhereBothAlive(0)).isEqualByComparingTo("1000");
        assertThat(RUN.movedWhereBothAlive(1)).isEqualByComparingTo("500");
    }

    @Test
    void lost_to_liquidation_is_never_negative_and_nothing_for_an_account_that_lives() {
        assertThatThrownBy(() -> new Played("a", null, BigDecimal.ONE, BigDecimal.ONE, 1, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero for an account that was not liquidated");
        assertThatThrownBy(() -> new Played("a", 3, BigDecimal.ONE, new BigDecimal("-1"), 1, null, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never negative");
    }

    @Test
    void each_account_gets_a_row_per_side_and_each_side_a_total_row() {
        List<List<String>> rows = RUN.rows();

        assertThat(rows).hasSize(6).allSatisfy(row -> assertThat(row).hasSize(Comparison.HEADERS.size()));
        assertThat(rows.get(0)).containsExactly("desk-cross", "fixed ratio", "LIQUIDATED at minute 54", "700", "412.5",
                "1", "1.23 %", "0", "1,000", "0.70×");
        assertThat(rows.get(1)).containsExactly("", "move-based", "ALIVE", "1,500", "—", "2", "3.10 %", "1", "", "1.50×");
        assertThat(rows.get(2).get(8)).isEqualTo("500 (not covered)");
        assertThat(rows.get(2).get(6)).isEqualTo("—");
        assertThat(rows.get(4)).containsExactly("total", "fixed ratio", "1 liquidated", "1,700", "412.5", "4", "", "2",
                "1,500", "1.13×");
        assertThat(rows.get(5).get(9)).isEqualTo("1.33×");
    }

    @Test
    void moved_over_an_optimum_of_nothing_is_a_dash_when_nothing_moved_and_infinite_otherwise() {
        assertThat(Comparison.times(BigDecimal.ZERO, BigDecimal.ZERO)).isEqualTo("—");
        assertThat(Comparison.times(BigDecimal.TEN, BigDecimal.ZERO)).isEqualTo("∞");
    }

    @Test
    void the_terminal_markdown_and_html_renderings_show_the_same_cells() {
        String text = RUN.text();
        String markdown = RUN.markdown();
        String html = HtmlReport.render(new RunReport("staircase", "", java.time.Instant.EPOCH, 10, "BTCUSDT",
                List.of(), List.of(), List.of()), RUN);

        for (String cell : List.of("desk-cross", "LIQUIDATED at minute 54", "1,500", "1.13×", "500 (not covered)")) {
            assertThat(text).contains(cell);
            assertThat(markdown).contains(cell);
            assertThat(html).contains(cell);
        }
        assertThat(markdown).startsWith("### staircase\n\n| Account | Side |").contains("|---|---|---|---:|");
        assertThat(html).contains("Side by side");
        assertThat(HtmlReport.render(new RunReport("x", "", java.time.Instant.EPOCH, 10, "", List.of(), List.of(),
                List.of()))).doesNotContain("Side by side");
    }
}
