package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.policy.Decision.Alert;
import dev.margintopup.policy.Decision.Limit;
import dev.margintopup.policy.Decision.NoAction;
import dev.margintopup.policy.Decision.TopUp;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The policy's invariants over generated accounts and snapshots: valid configs, amounts with 2
 * to 8 decimals, and the transfer steps venues actually use.
 */
class TopUpPolicyPropertiesTest {

    private static final List<BigDecimal> STEPS = List.of(
            new BigDecimal("0.01"), new BigDecimal("0.001"), BigDecimal.ONE, new BigDecimal("0.00000001"));

    @Property
    void never_acts_below_the_trigger(@ForAll("checks") Check check) {
        Decision decision = check.decide();

        if (check.ratio().compareTo(check.account().triggerRatio()) < 0) {
            assertThat(decision)
                    .as("over-collateralisation guard: below the trigger nothing moves and nobody is paged")
                    .isEqualTo(new NoAction(check.ratio(), "below trigger"));
        }
    }

    @Property
    void a_top_up_in_flight_means_nothing_more_moves(@ForAll("checks") Check check) {
        Decision decision = TopUpPolicy.decide(check.snapshot(), check.account(), check.usedToday(), true);

        assertThat(decision).as("one top-up in flight at a time").isInstanceOf(NoAction.class);
    }

    @Property
    void a_top_up_never_exceeds_the_per_transfer_cap_the_daily_cap_left_or_the_source_balance(
            @ForAll("checks") Check check) {
        if (check.decide() instanceof TopUp topUp) {
            assertThat(topUp.amount()).as("per-transfer cap").isLessThanOrEqualTo(check.account().maxTransfer());
            assertThat(topUp.amount()).as("daily cap left").isLessThanOrEqualTo(check.dailyLeft());
            assertThat(topUp.amount()).as("source balance").isLessThanOrEqualTo(check.snapshot().sourceFree());
        }
    }

    @Property
    void a_top_up_moves_at_least_the_minimum_transfer_and_more_than_nothing(@ForAll("checks") Check check) {
        if (check.decide() instanceof TopUp topUp) {
            assertThat(topUp.amount()).isPositive().isGreaterThanOrEqualTo(check.account().minTransfer());
        }
    }

    @Property
    void a_top_up_is_a_whole_number_of_transfer_steps(@ForAll("checks") Check check) {
        if (check.decide() instanceof TopUp topUp) {
            assertThat(topUp.amount().remainder(check.step())).as("venue accepts only multiples of the step")
                    .isZero();
        }
    }

    @Property(tries = 5000)
    void an_unlimited_top_up_reaches_the_target_and_one_step_less_would_not(@ForAll("checks") Check check) {
        if (check.decide() instanceof TopUp topUp && topUp.limitedBy() == null) {
            BigDecimal target = check.account().targetRatio();
            BigDecimal maintenance = check.snapshot().maintenanceMargin();
            BigDecimal after = check.snapshot().marginBalance().add(topUp.amount());

            assertThat(topUp.expectedRatio()).as("reaches the target").isLessThanOrEqualTo(target);
            assertThat(after.multiply(target)).as("reaches the target, exactly").isGreaterThanOrEqualTo(maintenance);
            assertThat(after.subtract(check.step()).multiply(target))
                    .as("never more than needed: one step less stays above the target")
                    .isLessThan(maintenance);
        }
    }

    @Property(tries = 5000)
    void a_limited_top_up_is_the_largest_step_multiple_within_the_tightest_limit(@ForAll("checks") Check check) {
        if (check.decide() instanceof TopUp topUp && topUp.limitedBy() != null) {
            BigDecimal limit = check.limitValue(topUp.limitedBy());

            assertThat(limit).as("the reported limit is the tightest one").isEqualByComparingTo(check.tightestLimit());
            assertThat(topUp.amount()).isLessThanOrEqualTo(limit);
            assertThat(topUp.amount().add(check.step())).as("one more step would break the limit")
                    .isGreaterThan(limit);
        }
    }

    @Property
    void an_alert_is_raised_only_past_the_trigger_when_the_binding_limit_leaves_less_than_the_minimum(
            @ForAll("checks") Check check) {
        if (check.decide() instanceof Alert alert) {
            BigDecimal room = check.limitValue(alert.cause()).divide(check.step(), 0, RoundingMode.FLOOR)
                    .multiply(check.step());

            assertThat(check.ratio()).isGreaterThanOrEqualTo(check.account().triggerRatio());
            assertThat(room.signum() == 0 || room.compareTo(check.account().minTransfer()) < 0)
                    .as("room under %s is %s, minimum is %s", alert.cause(), room, check.account().minTransfer())
                    .isTrue();
            assertThat(alert.reason()).isNotBlank();
        }
    }

    @Property
    void past_the_trigger_with_nothing_in_flight_only_a_need_below_the_minimum_is_left_alone(
            @ForAll("checks") Check check) {
        if (check.ratio().compareTo(check.account().triggerRatio()) >= 0
                && check.decide() instanceof NoAction noAction) {
            assertThat(noAction.reason()).as("never a silent failure past the trigger")
                    .startsWith("needed ").contains("is below the minimum transfer");
        }
    }

    @Property
    void the_same_check_always_gives_the_same_decision(@ForAll("checks") Check check) {
        Check copy = check.copy();

        assertThat(copy.decide()).isEqualTo(check.decide());
    }

    @Property
    void the_generated_checks_reach_every_branch(@ForAll("checks") Check check) {
        String branch = switch (check.decide()) {
            case NoAction noAction -> noAction.reason().startsWith("needed") ? "below minimum" : "no action";
            case TopUp topUp -> topUp.limitedBy() == null ? "top-up" : "top-up limited by " + topUp.limitedBy();
            case Alert alert -> "alert " + alert.cause();
        };
        Statistics.collect(branch);
        Statistics.coverage(coverage -> {
            coverage.check("no action").count(n -> n > 0);
            coverage.check("below minimum").count(n -> n > 0);
            coverage.check("top-up").count(n -> n > 0);
            for (Limit limit : List.of(Limit.PER_TRANSFER_CAP, Limit.DAILY_CAP, Limit.SOURCE_BALANCE)) {
                coverage.check("top-up limited by " + limit).count(n -> n > 0);
            }
            coverage.check("alert " + Limit.DAILY_CAP).count(n -> n > 0);
            coverage.check("alert " + Limit.SOURCE_BALANCE).count(n -> n > 0);
        });
    }

    // --- generators ---------------------------------------------------------------------------

    /** One check: a snapshot, the account it belongs to, and what moved today. */
    record Check(MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday) {

        Decision decide() {
            return TopUpPolicy.decide(snapshot, account, usedToday, false);
        }

        BigDecimal ratio() {
            return snapshot.marginRatio();
        }

        BigDecimal step() {
            return snapshot.transferStep();
        }

        BigDecimal dailyLeft() {
            return account.dailyCap().subtract(usedToday).max(BigDecimal.ZERO);
        }

        BigDecimal limitValue(Limit limit) {
            return switch (limit) {
                case PER_TRANSFER_CAP -> account.maxTransfer();
                case DAILY_CAP -> dailyLeft();
                case SOURCE_BALANCE -> snapshot.sourceFree();
                case POSITIONS_UNREPORTED -> throw new AssertionError("a ratio-protected account is always measurable");
            };
        }

        BigDecimal tightestLimit() {
            return account.maxTransfer().min(dailyLeft()).min(snapshot.sourceFree());
        }

        /** Equal values in fresh objects, so equality of decisions cannot come from identity. */
        Check copy() {
            MarginSnapshot s = snapshot;
            AccountConfig a = account;
            return new Check(
                    new MarginSnapshot(s.venue(), s.asOf(), s.asset(), fresh(s.marginBalance()),
                            fresh(s.maintenanceMargin()), fresh(s.sourceFree()), fresh(s.transferStep()), null, null),
                    new AccountConfig(a.accountId(), a.venue(), a.marginMode(), a.symbol(), a.asset(),
                            a.sourceWallet(), fresh(a.triggerRatio()), fresh(a.targetRatio()),
                            fresh(a.maxTransfer()), fresh(a.dailyCap()), fresh(a.minTransfer()), a.cooldown(),
                            a.checkRateMinutes(), a.readSecretId(), a.transferSecretId(), a.enabled(),
                            a.dryRun(), a.venueEndpoint()),
                    fresh(usedToday));
        }

        private static BigDecimal fresh(BigDecimal value) {
            return new BigDecimal(value.toString());
        }
    }

    @Provide
    Arbitrary<Check> checks() {
        Arbitrary<BigDecimal> balance = Arbitraries.frequencyOf(
                Tuple.of(1, amount("-500", "0")),
                Tuple.of(7, amount("0.01", "5000")),
                Tuple.of(2, amount("5000", "500000")));
        // Maintenance as a share of the balance, so ratios cluster around triggers rather than
        // almost always being far below or far past them.
        Arbitrary<BigDecimal> maintenanceShare = amount("0.2", "1.3");
        Arbitrary<MarginSnapshot> snapshot = Combinators.combine(
                        balance, maintenanceShare, generous(amount("0", "200"), amount("0", "1000000")), Arbitraries.of(STEPS),
                        amount("0", "100"))
                .as((b, share, free, step, extra) -> new MarginSnapshot("paper", Instant.EPOCH, "USDT", b,
                        b.abs().add(extra).multiply(share).setScale(Math.max(2, b.scale()), RoundingMode.DOWN),
                        free, step, null, null));
        return Combinators.combine(snapshot, accounts(), Arbitraries.integers().between(0, 120))
                .as((s, a, usedPercent) -> new Check(s, a, a.dailyCap()
                        .multiply(BigDecimal.valueOf(usedPercent)).movePointLeft(2)
                        .setScale(a.dailyCap().scale(), RoundingMode.DOWN)));
    }

    private static Arbitrary<AccountConfig> accounts() {
        Arbitrary<BigDecimal[]> ratios = amount("0.05", "0.99").flatMap(trigger ->
                amount("0.01", trigger.toPlainString())
                        .filter(target -> target.compareTo(trigger) < 0)
                        .map(target -> new BigDecimal[] {trigger, target}));
        Arbitrary<BigDecimal[]> transfers = generous(amount("0.01", "200"), amount("0.01", "1000000")).flatMap(max ->
                Arbitraries.frequencyOf(
                                Tuple.of(3, Arbitraries.just(BigDecimal.ZERO)),
                                Tuple.of(5, amount("0", max.min(new BigDecimal("50")).toPlainString())),
                                Tuple.of(2, amount("0", max.toPlainString())))
                        .map(min -> new BigDecimal[] {max, min}));
        return Combinators.combine(ratios, transfers, generous(amount("0.01", "500"), amount("0.01", "2000000")))
                .as((r, t, dailyCap) -> new AccountConfig("acct-1", "paper", MarginMode.CROSS, null, "USDT",
                        "FUNDING", r[0], r[1], t[0], dailyCap, t[1], Duration.ZERO, 1,
                        "margin-topup/acct-1/read", "margin-topup/acct-1/transfer", true, false, null));
    }

    /** Mostly room enough for whole top-ups, often tight enough to bind. */
    private static Arbitrary<BigDecimal> generous(Arbitrary<BigDecimal> tight, Arbitrary<BigDecimal> roomy) {
        return Arbitraries.frequencyOf(Tuple.of(3, tight), Tuple.of(7, roomy));
    }

    /** Amounts between the bounds with 2 to 8 decimals. */
    private static Arbitrary<BigDecimal> amount(String min, String max) {
        return Arbitraries.integers().between(2, 8).flatMap(scale -> Arbitraries.bigDecimals()
                .between(new BigDecimal(min).setScale(scale, RoundingMode.CEILING),
                        new BigDecimal(max).setScale(scale, RoundingMode.FLOOR))
                .ofScale(scale)
                .withDistribution(RandomDistribution.uniform()));
    }
}
