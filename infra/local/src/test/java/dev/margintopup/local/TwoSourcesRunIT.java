package dev.margintopup.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.Source;
import dev.margintopup.local.backtest.Backtest;
import dev.margintopup.local.report.AccountTrack;
import dev.margintopup.local.report.AlertMark;
import dev.margintopup.local.report.MoneyTrack;
import dev.margintopup.local.report.PricePoint;
import dev.margintopup.local.report.RunReport;
import dev.margintopup.local.report.SummaryTable;
import dev.margintopup.local.run.AccountRun;
import dev.margintopup.local.run.ScenarioPlayer.RunResult;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioAccount;
import dev.margintopup.local.scenario.ScenarioLoader;
import dev.margintopup.paper.TransferRecord;
import dev.margintopup.paper.Wallet;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The two-sources scenario played as {@code infra/bin/run --scenario two-sources} plays it, side by side: each
 * managed account's first source (FUNDING) runs dry at its floor mid-crash and the second (SPOT) saves it, while
 * the control is liquidated; RescueCapacityLow is published before the crash's low, and the report and the
 * summary show both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoSourcesRunIT {

    private Scenario scenario;
    private RunResult result;
    private RunReport report;

    @BeforeAll
    void play() {
        scenario = ScenarioLoader.builtIn("two-sources");
        Backtest.Played played = Backtest.play(PipelineFixture.template(), scenario);
        assertThat(played.failure()).as("the run plays to its end").isNull();
        result = played.result();
        report = result.report();
    }

    @Test
    void the_control_is_liquidated_and_every_managed_account_survives_on_both_sides() {
        assertThat(result.accounts().get("control-btc-cross").liquidatedAt()).isEqualTo(46);
        assertThat(managed()).hasSize(4)
                .allSatisfy(run -> assertThat(run.liquidatedAt()).as("%s liquidated", run.accountId()).isNull());
    }

    @Test
    void the_first_source_runs_dry_at_its_floor_and_the_second_pays_the_rest() {
        for (AccountRun run : managed()) {
            Source first = run.config().sources().get(0);
            Source second = run.config().sources().get(1);
            List<TransferRecord> transfers = result.venue().transfers(run.apiKey());
            BigDecimal fromFirst = sum(transfers, Wallet.valueOf(first.wallet()));
            BigDecimal fromSecond = sum(transfers, Wallet.valueOf(second.wallet()));
            BigDecimal firstHeld = original(run).wallet(first.wallet());

            assertThat(fromFirst).as("%s: %s gave everything above its floor", run.accountId(), first.wallet())
                    .isEqualByComparingTo(firstHeld.subtract(first.floor()));
            assertThat(fromSecond).as("%s: %s paid the rest", run.accountId(), second.wallet()).isPositive();
            int lastFromFirst = lastIndex(transfers, Wallet.valueOf(first.wallet()));
            int firstFromSecond = transfers.stream().map(TransferRecord::from).toList()
                    .indexOf(Wallet.valueOf(second.wallet()));
            assertThat(firstFromSecond).as("%s: %s is drawn only once %s is dry", run.accountId(), second.wallet(),
                    first.wallet()).isGreaterThanOrEqualTo(lastFromFirst);
            assertThat(Backtest.optimum(scenario, original(run)).amount())
                    .as("%s: %s alone could not have saved it", run.accountId(), first.wallet())
                    .isGreaterThan(fromFirst);

            MoneyTrack money = track(run).money();
            assertThat(money.sourceBalances()).as("the report draws each source").containsOnlyKeys(first.wallet(),
                    second.wallet());
            assertThat(money.sourceBalances().get(first.wallet()))
                    .as("%s: %s never below its floor, and at it by the end", run.accountId(), first.wallet())
                    .allSatisfy(a -> assertThat(a.value()).isGreaterThanOrEqualTo(first.floor()))
                    .last().satisfies(a -> assertThat(a.value()).isEqualByComparingTo(first.floor()));
            assertThat(money.sourceBalances().get(second.wallet()).getLast().value())
                    .isEqualByComparingTo(original(run).wallet(second.wallet()).subtract(fromSecond));
        }
    }

    @Test
    void rescue_capacity_low_is_published_before_the_crash_bottom_and_the_summary_says_so() {
        PricePoint bottom = report.prices().stream().min(Comparator.comparing(PricePoint::price)).orElseThrow();
        for (AccountRun run : managed()) {
            List<AlertMark> rescue = track(run).alerts().stream()
                    .filter(alert -> alert.type().equals("RescueCapacityLow")).toList();
            assertThat(rescue).as("%s: RescueCapacityLow published", run.accountId()).isNotEmpty();
            assertThat(rescue.getFirst().minute()).as("%s: told before the low at minute %d", run.accountId(),
                    bottom.minute()).isLessThan(bottom.minute());
        }
        assertThat(SummaryTable.render(report)).contains("RescueCapacityLow told 4 of 4 managed accounts")
                .contains("before the low of");
    }

    @Test
    void the_report_holds_the_capital_in_margin_of_the_managed_accounts_and_the_control() {
        AccountTrack control = report.controlAccounts().getFirst();
        assertThat(control.money().marginBalances()).as("the control's margin balance until its liquidation")
                .isNotEmpty().allSatisfy(a -> assertThat(a.minute()).isLessThan(46));
        for (AccountRun run : managed()) {
            assertThat(track(run).money().marginBalances()).as("%s: every minute", run.accountId())
                    .hasSize(scenario.minutes() + 1);
        }
        String html = dev.margintopup.local.report.HtmlReport.render(report, null);
        assertThat(html).contains("Capital in margin against the control").contains("class=\"chart capital\"");
    }

    private List<AccountRun> managed() {
        return result.accounts().values().stream().filter(AccountRun::managed).toList();
    }

    private AccountTrack track(AccountRun run) {
        return report.accounts().stream().filter(a -> a.accountId().equals(run.accountId())).findFirst().orElseThrow();
    }

    /** The scenario's account a side-by-side copy was made from ({@code desk-btc-cross.move} → {@code desk-btc-cross}). */
    private ScenarioAccount original(AccountRun run) {
        String id = run.accountId().substring(0, run.accountId().lastIndexOf('.'));
        return scenario.accounts().stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow();
    }

    private static BigDecimal sum(List<TransferRecord> transfers, Wallet from) {
        return transfers.stream().filter(t -> t.from() == from).map(TransferRecord::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static int lastIndex(List<TransferRecord> transfers, Wallet from) {
        return transfers.stream().map(TransferRecord::from).toList().lastIndexOf(from);
    }
}
