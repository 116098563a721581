package dev.margintopup.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class AccountValidatorPropertiesTest {

    private static final AccountValidator VALIDATOR =
            new AccountValidator("margin-topup", Set.of("binance", "bybit", "paper"));

    @Property(tries = 500)
    void every_valid_config_survives_the_trip_through_an_item_unchanged(@ForAll("configs") AccountConfig config) {
        Validation validation = VALIDATOR.validate(AccountValidator.toItem(config));

        assertThat(validation).isInstanceOfSatisfying(Validation.Valid.class,
                valid -> assertThat(valid.config()).isEqualTo(config));
    }

    @Property(tries = 500)
    void any_attribute_value_gives_a_verdict_never_an_exception(
            @ForAll("fieldNames") String field, @ForAll("anyValues") Object value) {
        Map<String, Object> item = new HashMap<>(AccountValidatorTest.validItem());
        item.put(field, value);

        Validation validation = VALIDATOR.validate(item);

        if (validation instanceof Validation.Invalid invalid) {
            assertThat(invalid.problems()).allSatisfy(problem -> {
                assertThat(problem.reason()).isNotBlank();
                if (problem.field().isBlank()) {
                    assertThat(problem.reason()).as("a blank attribute name is shown quoted")
                            .startsWith("unknown field \"");
                }
            });
        }
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(
                Arbitraries.of(AccountValidator.FIELDS),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20));
    }

    @Provide
    Arbitrary<Object> anyValues() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(60).map(Object.class::cast),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e6"), new BigDecimal("1e6")).ofScale(4)
                        .map(Object.class::cast),
                Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.just(null),
                Arbitraries.just(List.of("a")),
                Arbitraries.just(Map.of("S", "a")),
                Arbitraries.just(new byte[] {0}));
    }

    @Provide
    Arbitrary<AccountConfig> configs() {
        Arbitrary<String> accountId = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('_', '.', '-').ofMinLength(1).ofMaxLength(48);
        Arbitrary<String> symbol = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars('_', '-').ofMinLength(2).ofMaxLength(32);
        Arbitrary<String> asset = Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9')
                .ofMinLength(2).ofMaxLength(12);
        Arbitrary<MarginMode> mode = Arbitraries.of(MarginMode.class);
        Arbitrary<String> wallet = Arbitraries.of(AccountValidator.SOURCE_WALLETS);
        Arbitrary<BigDecimal[]> ratios = ratio("0.02", "0.99999999").flatMap(trigger ->
                ratio("0.00000001", trigger.toPlainString()).filter(target -> target.compareTo(trigger) < 0)
                        .map(target -> new BigDecimal[] {trigger, target}));
        Arbitrary<BigDecimal[]> transfers = amount().flatMap(max ->
                Arbitraries.bigDecimals().between(BigDecimal.ZERO, max).ofScale(2)
                        .map(min -> new BigDecimal[] {max, min}));
        Arbitrary<String> suffix = Arbitraries.strings().withCharRange('a', 'z').withChars('/', '-')
                .ofMinLength(1).ofMaxLength(30);
        Arbitrary<String> readSecret = suffix.map(s -> "margin-topup/read/" + s);
        Arbitrary<String> transferSecret = suffix.map(s -> "margin-topup/transfer/" + s);
        Arbitrary<String> endpoint = Arbitraries.of(
                null, "http://localhost:8080", "https://testnet.example.com", "https://paper.example.com:8443/api");

        Arbitrary<Identity> identity = Combinators.combine(accountId, Arbitraries.of("binance", "bybit", "paper"),
                        mode, symbol, asset, wallet)
                .as((id, venue, m, s, a, w) -> new Identity(id, venue, m, m == MarginMode.ISOLATED ? s : null, a, w));
        Arbitrary<Limits> limits = Combinators.combine(ratios, transfers, amount(),
                        Arbitraries.integers().between(0, 86_400), Arbitraries.integers().between(1, 1_440))
                .as((r, t, daily, cooldown, rate) -> new Limits(r[0], r[1], t[0], daily, t[1], cooldown, rate));
        return Combinators.combine(identity, limits, readSecret, transferSecret, Arbitraries.of(true, false),
                        Arbitraries.of(true, false), endpoint, moves().injectNull(0.4))
                .as((i, l, read, transfer, enabled, dryRun, url, m) -> {
                    // Moves may stand alone; the poll interval must be shorter than the schedule's.
                    MoveSettings moves = m == null ? null : new MoveSettings(m.triggerMovePercent(),
                            m.targetMovePercent(), m.watchBandMovePercent(),
                            Math.min(m.pollIntervalSeconds(), l.rate() * 60 - 1), m.volatilityLookbackMinutes(),
                            m.volatilityMultiple());
                    boolean withRatios = moves == null || l.cooldown() % 2 == 0;
                    return new AccountConfig(i.accountId(), i.venue(), i.mode(), i.symbol(), i.asset(), i.wallet(),
                            withRatios ? l.trigger() : null, withRatios ? l.target() : null, l.max(), l.daily(), l.min(),
                            Duration.ofSeconds(l.cooldown()), l.rate(), read, transfer, enabled, dryRun, url, moves);
                });
    }

    private static Arbitrary<MoveSettings> moves() {
        Arbitrary<BigDecimal> percent = Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("99.99"))
                .ofScale(2);
        return Combinators.combine(percent, percent, percent, Arbitraries.integers().between(1, 3_600),
                        Arbitraries.integers().between(2, 300),
                        Arbitraries.bigDecimals().between(BigDecimal.ZERO, new BigDecimal("20")).ofScale(1))
                .as((a, b, c, poll, lookback, k) -> {
                    List<BigDecimal> sorted = java.util.stream.Stream.of(a, b, c).sorted().toList();
                    return new MoveSettings(sorted.get(0), sorted.get(2), sorted.get(1), poll, lookback, k);
                })
                .filter(m -> m.targetMovePercent().compareTo(m.triggerMovePercent()) > 0);
    }

    private record Identity(String accountId, String venue, MarginMode mode, String symbol, String asset,
            String wallet) {}

    private record Limits(BigDecimal trigger, BigDecimal target, BigDecimal max, BigDecimal daily, BigDecimal min,
            int cooldown, int rate) {}

    private static Arbitrary<BigDecimal> ratio(String min, String max) {
        return Arbitraries.integers().between(2, 8).flatMap(scale -> Arbitraries.bigDecimals()
                .between(new BigDecimal(min).setScale(scale, RoundingMode.CEILING),
                        new BigDecimal(max).setScale(scale, RoundingMode.FLOOR))
                .ofScale(scale));
    }

    private static Arbitrary<BigDecimal> amount() {
        return Arbitraries.bigDecimals().between(new BigDecimal("0.01"), new BigDecimal("1000000")).ofScale(2);
    }
}
