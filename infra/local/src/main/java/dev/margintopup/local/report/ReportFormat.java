package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/** The words and numbers both renderings share, so the terminal table and the HTML page never disagree. */
final class ReportFormat {

    static final String NONE = "—";

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportFormat() {}

    /** Margin ratios to three places: enough to tell 0.998 from liquidation. */
    static String ratio(BigDecimal ratio) {
        return ratio == null ? NONE : ratio.setScale(3, RoundingMode.HALF_UP).toPlainString();
    }

    static String ratio(Optional<BigDecimal> ratio) {
        return ratio.map(ReportFormat::ratio).orElse(NONE);
    }

    /** Amounts as given, grouped, without trailing zeros: 1,500 and 0.025. */
    static String amount(BigDecimal amount) {
        return pattern("#,##0.########").format(amount);
    }

    /** A factor the way people say it: "5.3×", "12×". */
    static String times(double factor) {
        return (factor >= 10 ? pattern("#,##0") : pattern("0.0")).format(factor) + "×";
    }

    /**
     * The money at stake in words: what the managed accounts' top-ups moved against the margin a liquidation would
     * have taken from them, and what the liquidated accounts lost.
     */
    static List<String> moneyAtStake(RunReport report) {
        List<String> sentences = new ArrayList<>();
        List<AccountTrack> managed = report.managedAccounts();
        Map<String, BigDecimal> kept = stake(managed.stream().filter(a -> !a.liquidated()).toList());
        if (!kept.isEmpty()) {
            sentences.add("Top-ups moved " + collateral(managed) + " from the owners' other wallets into margin, where "
                    + "it is still theirs; at their closest to liquidation the managed accounts held " + collateral(kept)
                    + " of margin that a liquidation would have taken.");
        }
        Map<String, BigDecimal> lost = stake(report.accounts().stream().filter(AccountTrack::liquidated).toList());
        if (!lost.isEmpty()) {
            long count = report.accounts().stream().filter(AccountTrack::liquidated).count();
            sentences.add("Liquidation took " + collateral(lost) + " from " + count(count, "account", "accounts")
                    + ": the margin balance at the last reading before it.");
        }
        return sentences;
    }

    private static Map<String, BigDecimal> stake(List<AccountTrack> accounts) {
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        accounts.forEach(a -> a.marginAtStake().ifPresent(m -> total.merge(a.money().asset(), m, BigDecimal::add)));
        return total;
    }

    /** Prices with at least two places, the way a venue quotes them. */
    static String price(BigDecimal price) {
        return pattern("#,##0.00######").format(price);
    }

    static String collateral(Map<String, BigDecimal> moved) {
        if (moved.isEmpty()) {
            return NONE;
        }
        return moved.entrySet().stream()
                .map(e -> amount(e.getValue()) + " " + e.getKey())
                .collect(Collectors.joining(" + "));
    }

    static String collateral(List<AccountTrack> accounts) {
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        accounts.forEach(a -> a.collateralMoved().forEach((asset, amount) -> total.merge(asset, amount, BigDecimal::add)));
        return collateral(total);
    }

    static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            // Acted on within the minute (a fast poll, or a transfer carried out at the check that
            // asked for it): said in seconds, never "0 min".
            return seconds + " s";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + " min";
        }
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP).toPlainString() + " min";
    }

    /** Median and worst time from breach to collateral: "1 min / 3 min". */
    static String breachToConfirmed(AccountTrack account) {
        Optional<Duration> median = account.medianBreachToConfirmed();
        Optional<Duration> max = account.maxBreachToConfirmed();
        if (median.isEmpty() || max.isEmpty()) {
            return NONE;
        }
        return minutes(median.get()) + " / " + minutes(max.get());
    }

    static String managed(AccountTrack account) {
        return account.managed() ? "yes" : "control";
    }

    static String outcome(AccountTrack account) {
        return account.liquidated() ? "LIQUIDATED at minute " + account.liquidation().minute() : "ALIVE";
    }

    static String when(Instant instant) {
        return WHEN.format(instant);
    }

    static String clock(Instant instant) {
        return CLOCK.format(instant);
    }

    /** A run's length the way people say it: 45 min, 2 h, 1 h 30 min. */
    static String span(int minutes) {
        if (minutes < 60) {
            return minutes + " min";
        }
        int hours = minutes / 60;
        int rest = minutes % 60;
        return rest == 0 ? hours + " h" : hours + " h " + rest + " min";
    }

    /** Two sentences: what the top-ups did for the managed accounts, and what the market did to the controls. */
    static List<String> verdict(RunReport report) {
        List<String> verdict = new ArrayList<>(
                List.of(managedVerdict(report.managedAccounts()), controlVerdict(report.controlAccounts())));
        rescueVerdict(report).ifPresent(verdict::add);
        sweepVerdict(report).ifPresent(verdict::add);
        return verdict;
    }

    /** What the sweeps gave back to the source wallets once the market was calm: margin the top-ups no longer tie up. */
    private static Optional<String> sweepVerdict(RunReport report) {
        List<AccountTrack> sweeping = report.managedAccounts().stream().filter(a -> !a.confirmedSweeps().isEmpty())
                .toList();
        if (sweeping.isEmpty()) {
            return Optional.empty();
        }
        Map<String, BigDecimal> total = new LinkedHashMap<>();
        sweeping.forEach(a -> a.sweptBack().forEach((asset, amount) -> total.merge(asset, amount, BigDecimal::add)));
        long legs = sweeping.stream().mapToLong(a -> a.confirmedSweeps().size()).sum();
        return Optional.of("Sweeps returned " + collateral(total) + " from margin to the source wallets once the market"
                + " was calm: " + legs + (legs == 1 ? " leg" : " legs") + " on " + sweeping.size() + " of "
                + report.managedAccounts().size() + " managed accounts.");
    }

    /** The accounts told their sources could not absorb their rescue move, and how long before the market's low. */
    private static Optional<String> rescueVerdict(RunReport report) {
        List<AccountTrack> managed = report.managedAccounts();
        List<AccountTrack> told = managed.stream().filter(a -> firstRescueAlert(a).isPresent()).toList();
        if (told.isEmpty()) {
            return Optional.empty();
        }
        int first = told.stream().mapToInt(a -> firstRescueAlert(a).orElseThrow()).min().orElseThrow();
        StringBuilder sentence = new StringBuilder("RescueCapacityLow told ").append(told.size()).append(" of ")
                .append(count(managed.size(), "managed account", "managed accounts"))
                .append(" that their sources could not absorb the rescue move, first at minute ").append(first);
        report.prices().stream().min(Comparator.comparing(PricePoint::price))
                .filter(low -> low.minute() > first)
                .ifPresent(low -> sentence.append(", ").append(low.minute() - first).append(" minutes before the low of ")
                        .append(price(low.price())).append(" at minute ").append(low.minute()));
        return Optional.of(sentence.append('.').toString());
    }

    private static OptionalInt firstRescueAlert(AccountTrack account) {
        return account.alerts().stream().filter(alert -> alert.type().equals("RescueCapacityLow"))
                .mapToInt(AlertMark::minute).min();
    }

    private static String managedVerdict(List<AccountTrack> managed) {
        if (managed.isEmpty()) {
            return "No managed accounts in this run.";
        }
        long alive = managed.stream().filter(a -> !a.liquidated()).count();
        int transfers = managed.stream().mapToInt(a -> a.transfers().size()).sum();
        String of = alive + " of " + count(managed.size(), "managed account", "managed accounts");
        if (transfers == 0) {
            return of + " survived; no top-up landed.";
        }
        return "Top-ups kept " + of + " alive: " + count(transfers, "transfer", "transfers") + ", "
                + collateral(managed) + " moved.";
    }

    private static String controlVerdict(List<AccountTrack> controls) {
        if (controls.isEmpty()) {
            return "No control accounts to compare against.";
        }
        long liquidated = controls.stream().filter(AccountTrack::liquidated).count();
        if (liquidated == 0) {
            return controls.size() == 1 ? "The control account was not liquidated."
                    : "None of the " + controls.size() + " control accounts was liquidated.";
        }
        return liquidated + " of " + count(controls.size(), "control account", "control accounts")
                + (liquidated == 1 ? " was" : " were") + " liquidated.";
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static DecimalFormat pattern(String pattern) {
        DecimalFormat format = new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        format.setParseBigDecimal(true);
        return format;
    }
}
