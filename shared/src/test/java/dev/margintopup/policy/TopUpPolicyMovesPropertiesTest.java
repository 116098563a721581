package dev.margintopup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.account.AccountConfig;
import dev.margintopup.account.MarginMode;
import dev.margintopup.account.MoveSettings;
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
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * The move-based policy's invariants over generated cross and isolated books: one to four
 * positions on up to three symbols, longs and shorts, maintenance rates from 0.1 % to 5 %, margin
 * balances clustered around the trigger, with and without a ratio pair, under calm and wild markets.
 */
class TopUpPolicyMovesPropertiesTest {

    @Property
    void a_top_up_never_exceeds_the_per_transfer_cap_the_daily_cap_left_or_the_source_balance(
            @ForAll("checks") Check check) {
        if (check.decide(check.volatility()) instanceof TopUp topUp) {
            assertThat(topUp.amount()).as("per-transfer cap").isLessThanOrEqualTo(check.account().maxTransfer());
            assertThat(topUp.amount()).as("daily cap left")
                    .isLessThanOrEqualTo(check.account().dailyCap().subtract(check.usedToday()));
            assertThat(topUp.amount()).as("source balance").isLessThanOrEqualTo(check.snapshot().sourceFree());
            assertThat(topUp.amount().remainder(check.snapshot().transferStep())).isZero();
        }
    }

    @Property
    void more_volatility_never_moves_less_nor_leaves_alone_an_account_calmer_markets_would_protect(
            @ForAll("checks") Check check, @ForAll("volatility") BigDecimal more) {
        BigDecimal calm = check.volatility();
        BigDecimal wild = calm.add(more);

        Decision calmer = check.decide(calm);
        Decision wilder = check.decide(wild);

        assertThat(moved(wilder)).as("moved at volatility %s vs %s", wild, calm).isGreaterThanOrEqualTo(moved(calmer));
        if (!(calmer instanceof NoAction)) {
            assertThat(wilder).as("a wilder market triggers whatever a calmer one does")
                    .isNotInstanceOf(NoAction.class);
        }
    }

    @Property
    void a_larger_last_minute_never_moves_less(@ForAll("checks") Check check,
            @ForAll("volatility") BigDecimal lastMinute, @ForAll("volatility") BigDecimal more) {
        MarketPace calmer = new MarketPace(check.volatility(), lastMinute);
        MarketPace wilder = new MarketPace(check.volatility(), lastMinute.add(more));
        Decision calm = TopUpPolicy.decide(check.snapshot(), check.account(), check.usedToday(), false, calmer);
        Decision wild = TopUpPolicy.decide(check.snapshot(), check.account(), check.usedToday(), false, wilder);

        assertThat(moved(wild)).as("moved after a last minute of %s vs %s", wilder.lastMinute(), calmer.lastMinute())
                .isGreaterThanOrEqualTo(moved(calm));
        if (!(calm instanceof NoAction)) {
            assertThat(wild).as("a wilder last minute acts whenever a calmer one does").isNotInstanceOf(NoAction.class);
        }
    }

    @Property
    void a_larger_target_move_never_moves_less(@ForAll("checks") Check check, @ForAll("volatility") BigDecimal extra) {
        MoveSettings m = check.account().moves();
        BigDecimal larger = m.targetMovePercent().add(extra.movePointRight(2)).min(new BigDecimal("99.99"));
        Check further = check.withMoves(new MoveSettings(m.triggerMovePercent(), larger, m.watchBandMovePercent(),
                m.pollIntervalSeconds(), m.volatilityLookbackMinutes(), m.volatilityMultiple()));

        assertThat(moved(further.decide(check.volatility()))).isGreaterThanOrEqualTo(moved(check.decide(check.volatility())));
    }

    @Property
    void ratio_settings_decide_exactly_as_before_whatever_the_positions_and_the_market(@ForAll("checks") Check check) {
        Check ratioOnly = check.withMoves(null);
        if (!ratioOnly.account().hasRatioSettings()) {
            return;
        }
        MarginSnapshot s = check.snapshot();
        MarginSnapshot withoutPositions = new MarginSnapshot(s.venue(), s.asOf(), s.asset(), s.marginBalance(),
                s.maintenanceMargin(), s.sourceFree(), s.transferStep(), s.markPrice(), s.liquidationPrice());

        assertThat(ratioOnly.decide(check.volatility())).isEqualTo(
                TopUpPolicy.decide(withoutPositions, ratioOnly.account(), check.usedToday(), false));
    }

    @Property(tries = 3000)
    void after_an_unlimited_move_based_top_up_the_account_survives_the_target_move_and_not_a_step_less_would(
            @ForAll("checks") Check check) {
        Check movesOnly = check.withoutRatios();
        if (!(movesOnly.decide(check.volatility()) instanceof TopUp topUp) || topUp.limitedBy() != null) {
            return;
        }
        // The rule restated: the trigger widens by two thirds of the volatility (rounded up to six
        // decimals) up to the watch band, and the target keeps the configured gap above it, covers the
        // volatility, and never falls below its setting; one top-up buys a step of it: the trigger
        // plus the larger of the whole volatility and half the gap.
        MoveSettings settings = movesOnly.account().moves();
        BigDecimal widening = check.volatility().multiply(new BigDecimal("2")).divide(new BigDecimal("3"), 6,
                RoundingMode.CEILING);
        BigDecimal trigger = settings.triggerMove().max(widening.min(settings.watchBandMove()));
        BigDecimal gap = settings.targetMove().subtract(settings.triggerMove());
        BigDecimal target = settings.targetMove().max(check.volatility())
                .max(trigger.add(gap)).min(MoveProtection.MAX_MOVE)
                .min(trigger.add(check.volatility().max(gap.multiply(TopUpPolicy.STEP_SHARE))));

        MarginSnapshot after = movesOnly.withMarginBalance(check.snapshot().marginBalance().add(topUp.amount()));
        MarginSnapshot aStepShort = movesOnly.withMarginBalance(after.marginBalance().subtract(check.snapshot().transferStep()));

        assertThat(after.marginBalance()).as("survives %s once the top-up arrives", target)
                .isGreaterThanOrEqualTo(MoveProtection.marginToSurvive(after, target));
        assertThat(MoveProtection.survivableMove(after)).isGreaterThanOrEqualTo(
                target.min(MoveProtection.MAX_MOVE).subtract(new BigDecimal("1e-11")));
        assertThat(aStepShort.marginBalance()).as("never more than the target move needs")
                .isLessThan(MoveProtection.marginToSurvive(aStepShort, target));
    }

    @Property
    void an_account_beyond_its_watch_band_is_never_topped_up_by_its_moves(@ForAll("checks") Check check) {
        Check movesOnly = check.withoutRatios();
        BigDecimal survivable = MoveProtection.survivableMove(check.snapshot());
        if (survivable.compareTo(movesOnly.account().moves().watchBandMove()) > 0) {
            assertThat(movesOnly.decide(check.volatility())).isInstanceOf(NoAction.class);
        }
        if (survivable.compareTo(movesOnly.account().moves().triggerMove()) > 0) {
            assertThat(movesOnly.decide(BigDecimal.ZERO)).as("calm market, outside the trigger")
                    .isInstanceOf(NoAction.class);
        }
    }

    @Property
    void the_generated_checks_reach_every_branch(@ForAll("checks") Check check) {
        Decision decision = check.withoutRatios().decide(check.volatility());
        Statistics.collect(switch (decision) {
            case NoAction n -> "no action";
            case TopUp t -> t.limitedBy() == null ? "top-up" : "limited top-up";
            case Decision.Alert a -> "alert";
        });
        Statistics.coverage(coverage -> {
            for (String branch : List.of("no action", "top-up", "limited top-up", "alert")) {
                coverage.check(branch).count(n -> n > 0);
            }
        });
    }

    private static BigDecimal moved(Decision decision) {
        return decision instanceof TopUp topUp ? topUp.amount() : BigDecimal.ZERO;
    }

    // --- generators ---------------------------------------------------------------------------

    record Check(MarginSnapshot snapshot, AccountConfig account, BigDecimal usedToday, BigDecimal volatility) {

        Decision decide(BigDecimal volatilityMove) {
            return TopUpPolicy.decide(snapshot, account, usedToday, false, volatilityMove);
        }

        Check withMoves(MoveSettings moves) {
            AccountConfig a = account;
            if (moves == null && !a.hasRatioSettings()) {
                return this;
            }
            return new Check(snapshot, new AccountConfig(a.accountId(), a.venue(), a.marginMode(), a.symbol(),
                    a.asset(), a.sourceWallet(), a.triggerRatio(), a.targetRatio(), a.maxTransfer(), a.dailyCap(),
                    a.minTransfer(), a.cooldown(), a.checkRateMinutes(), a.readSecretId(), a.transferSecretId(),
                    a.enabled(), a.dryRun(), a.venueEndpoint(), moves), usedToday, volatility);
        }

        Check withoutRatios() {
            AccountConfig a = account;
            return new Check(snapshot, new AccountConfig(a.accountId(), a.venue(), a.marginMode(), a.symbol(),
                    a.asset(), a.sourceWallet(), null, null, a.maxTransfer(), a.dailyCap(), a.minTransfer(),
                    a.cooldown(), a.checkRateMinutes(), a.readSecretId(), a.transferSecretId(), a.enabled(),
                    a.dryRun(), a.venueEndpoint(), a.moves()), usedToday, volatility);
        }

        MarginSnapshot withMarginBalance(BigDecimal balance) {
            MarginSnapshot s = snapshot;
            return new MarginSnapshot(s.venue(), s.asOf(), s.asset(), balance, s.maintenanceMargin(), s.sourceFree(),
                    s.transferStep(), s.markPrice(), s.liquidationPrice(), s.positions());
        }
    }

    @Provide
    Arbitrary<BigDecimal> volatility() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(BigDecimal.ZERO)),
                Tuple.of(7, Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("0.3")).ofScale(6)));
    }

    @Provide
    Arbitrary<Check> checks() {
        Arbitrary<List<Position>> positions = position().list().ofMinSize(1).ofMaxSize(4);
        Arbitrary<MoveSettings> moves = Combinators.combine(
                        decimal("0.2", "10", 2), decimal("0.1", "15", 2), decimal("0", "10", 2),
                        decimal("0", "6", 1))
                .as((trigger, gap, bandExtra, k) -> new MoveSettings(trigger, trigger.add(gap), trigger.add(bandExtra),
                        10, 30, k));
        Arbitrary<BigDecimal[]> ratios = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.just(new BigDecimal[] {null, null})),
                Tuple.of(4, decimal("0.05", "0.95", 3).flatMap(trigger -> decimal("0.01", trigger.toPlainString(), 3)
                        .filter(target -> target.compareTo(trigger) < 0)
                        .map(target -> new BigDecimal[] {trigger, target}))));
        Arbitrary<BigDecimal[]> caps = Combinators.combine(
                        generous(decimal("1", "20000", 2)), generous(decimal("1", "50000", 2)), decimal("0", "50", 2),
                        generous(decimal("0", "30000", 2)))
                .as((max, daily, min, free) -> new BigDecimal[] {max, daily, min.min(max), free});
        Arbitrary<BigDecimal> where = decimal("-0.02", "0.25", 4);
        return Combinators.combine(positions, moves, ratios, caps, where, volatility(),
                        Arbitraries.of(new BigDecimal("0.01"), new BigDecimal("0.001"), BigDecimal.ONE),
                        Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)),
                                Tuple.of(4, Arbitraries.integers().between(0, 110))))
                .as((ps, m, r, c, at, vol, step, usedPercent) -> {
                    MarginSnapshot probe = snapshot(ps, BigDecimal.ONE, c[3], step);
                    // A margin balance that survives about `at` of move: around the trigger and band.
                    BigDecimal balance = MoveProtection.marginToSurvive(probe, at.max(BigDecimal.ZERO))
                            .add(at.min(BigDecimal.ZERO).multiply(probe.maintenanceMargin()))
                            .setScale(2, RoundingMode.HALF_UP);
                    AccountConfig account = new AccountConfig("acct-1", "paper", MarginMode.CROSS, null, "USDT",
                            "FUNDING", r[0], r[1], c[0], c[1], c[2], Duration.ZERO, 1, "margin-topup/read/acct-1",
                            "margin-topup/transfer/acct-1", true, false, null, m);
                    BigDecimal used = c[1].multiply(BigDecimal.valueOf(usedPercent)).movePointLeft(2)
                            .min(c[1]).setScale(2, RoundingMode.DOWN);
                    return new Check(snapshot(ps, balance, c[3], step), account, used, vol);
                });
    }

    private static MarginSnapshot snapshot(List<Position> positions, BigDecimal balance, BigDecimal free,
            BigDecimal step) {
        BigDecimal maintenance = positions.stream().map(Position::maintenanceMargin).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        return new MarginSnapshot("paper", Instant.EPOCH, "USDT", balance, maintenance, free, step, null, null,
                positions);
    }

    private static Arbitrary<Position> position() {
        return Combinators.combine(Arbitraries.of("BTCUSDT", "ETHUSDT", "SOLUSDT"),
                        Arbitraries.of(Position.Side.class), decimal("0.001", "20", 3), decimal("1", "100000", 2),
                        decimal("0.001", "0.05", 4))
                .as((symbol, side, size, mark, rate) -> new Position(symbol, side, size, mark,
                        size.multiply(mark).multiply(rate).setScale(8, RoundingMode.HALF_UP), null));
    }

    /** Often tight enough to bind, mostly room enough for whole top-ups. */
    private static Arbitrary<BigDecimal> generous(Arbitrary<BigDecimal> tight) {
        return Arbitraries.frequencyOf(Tuple.of(3, tight), Tuple.of(7, decimal("100000", "100000000", 2)));
    }

    private static Arbitrary<BigDecimal> decimal(String min, String max, int scale) {
        return Arbitraries.bigDecimals().between(new BigDecimal(min), new BigDecimal(max)).ofScale(scale);
    }
}
