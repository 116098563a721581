package dev.margintopup.local.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.margintopup.local.report.Comparison;
import dev.margintopup.local.scenario.JumpDiffusion;
import dev.margintopup.local.scenario.Keyframes;
import dev.margintopup.local.scenario.PricePath;
import dev.margintopup.local.scenario.Scenario;
import dev.margintopup.local.scenario.ScenarioLoader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random one-minute paths of the kinds that threaten a margin account, none of them written by
 * hand, each with one cross and one isolated long sized so that the path liquidates it without
 * top-ups, and protection settings drawn per path: the set a sizing model is judged on, so that it
 * is not tuned to the built-in scenarios. Seeded: the same seed and count give the same paths.
 *
 * <p>Each path is played side by side with the pure layers ({@link PolicyPlay}) and judged on the
 * promise of move-based protection ({@link Judged}).
 */
public final class UnseenPaths {

    /** The kinds of market the paths are drawn from. */
    public enum Kind {
        STAIRCASE("staircase"),
        GAP("gap"),
        WICK("wick"),
        WHIPSAW("whipsaw"),
        SLOW_BLEED("slow-bleed"),
        JUMPS("gbm-jumps");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Protection sizes a path draws: trigger, target, watch band (percent of move), the schedule and its cooldown. */
    private record Protection(double trigger, double target, double band, int checkRateMinutes, int cooldownSeconds) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final BigDecimal TICK = new BigDecimal("0.1");

    /** The tiers of the built-in BTC scenarios: a venue's real brackets, so tiers are crossed as prices move. */
    private static final List<String[]> TIERS = List.of(new String[] {"50000", "0.004", "0"},
            new String[] {"500000", "0.005", "50"}, new String[] {"8000000", "0.01", "2550"},
            new String[] {"50000000", "0.025", "122550"}, new String[] {null, "0.05", "1372550"});

    private UnseenPaths() {}

    /**
     * How the drawn accounts are protected: {@link #FITTED} as a trader who knows the kind of market
     * would set them, {@link #GENERIC} as one who sets the same kind of numbers whatever the market
     * does (the built-in scenarios' kind), so that the market may outrun them.
     */
    public enum Settings {
        /** A trigger 1.05–1.6 × the largest fall between two checks, a target 2–3.5 ×, a band 1.5–2.2 × it. */
        FITTED,
        /** A trigger of 1.5–4 %, a target 2–3 × it and the product's default band, twice the trigger. */
        GENERIC
    }

    /**
     * The {@code index}th path of {@code kind} for {@code seed}: a side-by-side scenario with two
     * managed accounts protected by {@link Settings#FITTED} settings.
     */
    public static Scenario path(Kind kind, long seed, int index) {
        return path(kind, seed, index, Settings.FITTED);
    }

    /** As {@link #path(Kind, long, int)}, the accounts protected by settings of {@code how}. */
    public static Scenario path(Kind kind, long seed, int index, Settings how) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + kind.ordinal() * 7919L + index);
        double start = round(between(random, 20_000, 90_000), 1);
        List<double[]> points = new ArrayList<>();
        ObjectNode pricePath = JSON.createObjectNode();
        JumpDiffusion diffusion = null;
        int[] gapIndex = {-1};
        int minutes;
        switch (kind) {
            case STAIRCASE -> minutes = staircase(random, start, points);
            case GAP -> {
                minutes = gap(random, start, points);
                gapIndex[0] = gapPoint(points);
            }
            case WICK -> minutes = wick(random, start, points);
            case WHIPSAW -> minutes = whipsaw(random, start, points);
            case SLOW_BLEED -> minutes = slowBleed(random, start, points);
            case JUMPS -> {
                minutes = 240;
                double volatility = round(between(random, 0.5, 1.3), 2);
                double jumpsPerDay = round(between(random, 6, 30), 1);
                double jumpMean = round(between(random, -0.045, -0.01), 4);
                double jumpStd = round(between(random, 0.005, 0.03), 4);
                long pathSeed = random.nextLong(1L << 40);
                pricePath.put("type", "jump-diffusion").put("tick", "0.1").put("start", plain(start))
                        .put("driftPerYear", 0).put("volatilityPerYear", volatility).put("jumpsPerDay", jumpsPerDay)
                        .put("jumpMean", jumpMean).put("jumpStd", jumpStd).put("seed", pathSeed);
                diffusion = new JumpDiffusion(BigDecimal.valueOf(start), 0, volatility, jumpsPerDay, jumpMean, jumpStd,
                        pathSeed, TICK);
            }
            default -> throw new IllegalStateException(kind.name());
        }
        if (kind != Kind.JUMPS) {
            pricePath.put("type", "keyframes").put("tick", "0.1");
            ArrayNode keyframes = pricePath.putArray("points");
            for (double[] point : points) {
                keyframes.addArray().add((int) point[0]).add(plain(round(point[1], 1)));
            }
        }
        ObjectNode scenario = JSON.createObjectNode();
        scenario.put("name", kind.label() + "-" + seed + "-" + index)
                .put("description", "an unseen " + kind.label() + " path, seed " + seed + ", number " + index)
                .put("compare", true).put("symbol", "BTCUSDT").put("start", "2025-03-03T00:00:00Z")
                .put("minutes", minutes);
        ArrayNode tiers = scenario.putArray("tiers");
        for (String[] tier : TIERS) {
            ObjectNode t = tiers.addObject();
            if (tier[0] != null) {
                t.put("upTo", tier[0]);
            }
            t.put("rate", tier[1]).put("deduction", tier[2]);
        }
        scenario.set("pricePath", pricePath);
        PricePath drawn = kind == Kind.JUMPS ? diffusion : new Keyframes(points.stream()
                .map(p -> new Keyframes.Point((int) p[0], BigDecimal.valueOf(round(p[1], 1)))).toList(), TICK);
        boolean slow = kind == Kind.SLOW_BLEED;
        // A gap is the one minute no trigger is sized for: the account's room at the start outlasts it instead.
        int gapMinute = kind == Kind.GAP ? (int) points.get(gapIndex[0])[0] : -1;
        Protection settings = how == Settings.GENERIC ? generic(random, slow ? 5 : 1)
                : fitted(random, drawn, minutes, slow ? 5 : 1, gapMinute);
        double low = start;
        for (int m = 0; m <= minutes; m++) {
            low = Math.min(low, drawn.candleAt(m, Instant.EPOCH).low().doubleValue());
        }
        double fall = 1 - low / start;
        ArrayNode accounts = scenario.putArray("accounts");
        double quantity = round(between(random, 0.5, 3), 3);
        for (String mode : List.of("cross", "isolated")) {
            // Liquidated by the path without top-ups: the room at the start is short of the fall, and
            // outside the trigger where the path falls further than 1.3 triggers (else it starts in danger).
            double room;
            if (gapMinute >= 0) {
                // A gap no checker sees coming: the account outlives the gap and is liquidated by the slide after it.
                double gap = 1 - drawn.priceAt(gapMinute).doubleValue() / drawn.priceAt(gapMinute - 1).doubleValue();
                room = gap + (fall - gap) * between(random, 0.2, 0.8);
            } else {
                double floor = settings.trigger() / 100 * 1.3;
                room = fall > floor / 0.9 ? between(random, floor, fall * 0.9) : fall * between(random, 0.5, 0.9);
            }
            double margin = marginFor(quantity, start, room);
            ObjectNode account = accounts.addObject().put("id", "desk-" + mode).put("managed", true)
                    .put("marginMode", mode);
            ObjectNode wallets = account.putObject("wallets");
            double funds = round(quantity * start * 0.6, 0);
            wallets.put("FUNDING", plain(funds));
            ObjectNode position = account.putObject("position").put("side", "long").put("quantity", plain(quantity))
                    .put("entryPrice", plain(start));
            if (mode.equals("cross")) {
                wallets.put("FUTURES", plain(round(margin, 2)));
                position.put("leverage", 1);
            } else {
                position.put("isolatedMargin", plain(round(margin, 2)));
            }
            account.putObject("config").put("triggerMovePercent", plain(settings.trigger()))
                    .put("targetMovePercent", plain(settings.target()))
                    .put("watchBandMovePercent", plain(settings.band())).put("pollIntervalSeconds", 10)
                    .put("maxTransfer", plain(round(funds / 2, 0))).put("dailyCap", plain(funds))
                    .put("minTransfer", "10").put("cooldownSeconds", settings.cooldownSeconds())
                    .put("checkRateMinutes", settings.checkRateMinutes()).put("sourceWallet", "FUNDING");
        }
        return ScenarioLoader.parse("unseen " + kind.label(), scenario.toString(), null);
    }

    /** Stairs of 3–7 % in one minute, a bounce of up to 1.5 % two minutes later, a plateau of 3–8 minutes. */
    private static int staircase(SplittableRandom random, double start, List<double[]> points) {
        int stairs = random.nextInt(4, 10);
        double price = start;
        int minute = random.nextInt(3, 10);
        points.add(new double[] {0, start});
        points.add(new double[] {minute, start});
        for (int i = 0; i < stairs; i++) {
            price *= 1 - between(random, 0.03, 0.07);
            points.add(new double[] {++minute, price});
            minute += 2;
            price *= 1 + between(random, 0, 0.015);
            points.add(new double[] {minute, price});
            minute += random.nextInt(3, 9);
            points.add(new double[] {minute, price});
        }
        return minute + 10;
    }

    /** Calm for 30–90 minutes, one gap of 4–10 % in a minute, a further slide of 2–6 %, a flat tail. */
    private static int gap(SplittableRandom random, double start, List<double[]> points) {
        int calm = random.nextInt(30, 91);
        points.add(new double[] {0, start});
        double price = start;
        for (int minute = 10; minute < calm; minute += 10) {
            price *= 1 + between(random, -0.004, 0.004);
            points.add(new double[] {minute, price});
        }
        price *= 1 + between(random, -0.002, 0.002);
        points.add(new double[] {calm, price});
        price *= 1 - between(random, 0.04, 0.10);
        points.add(new double[] {calm + 1, price});
        int hold = calm + 1 + random.nextInt(1, 6);
        points.add(new double[] {hold, price});
        int slideEnd = hold + random.nextInt(3, 12);
        price *= 1 - between(random, 0.02, 0.06);
        points.add(new double[] {slideEnd, price});
        return slideEnd + 20;
    }

    /** The point a gap ends at: the largest one-minute fall between two points. */
    private static int gapPoint(List<double[]> points) {
        int gap = 1;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i)[0] - points.get(i - 1)[0] == 1
                    && points.get(i)[1] / points.get(i - 1)[1] < points.get(gap)[1] / points.get(gap - 1)[1]) {
                gap = i;
            }
        }
        return gap;
    }

    /** A drop of 6–16 % over 2–5 minutes and a recovery of most of it over 3–8 minutes. */
    private static int wick(SplittableRandom random, double start, List<double[]> points) {
        int calm = random.nextInt(8, 20);
        double depth = between(random, 0.06, 0.16);
        int fall = random.nextInt(2, 6);
        int rise = random.nextInt(3, 9);
        points.add(new double[] {0, start});
        points.add(new double[] {calm, start * (1 + between(random, -0.002, 0.002))});
        points.add(new double[] {calm + fall, start * (1 - depth)});
        points.add(new double[] {calm + fall + rise, start * (1 - depth * between(random, 0, 0.3))});
        return calm + fall + rise + random.nextInt(10, 21);
    }

    /** Swings of 3–8 % either side of the start, 3–8 minutes from extreme to start, for 4–10 cycles. */
    private static int whipsaw(SplittableRandom random, double start, List<double[]> points) {
        double amplitude = between(random, 0.03, 0.08);
        int quarter = random.nextInt(3, 9);
        int cycles = random.nextInt(4, 11);
        points.add(new double[] {0, start});
        int minute = 0;
        for (int i = 0; i < cycles; i++) {
            points.add(new double[] {minute += quarter, start * (1 + amplitude)});
            points.add(new double[] {minute += 2 * quarter, start * (1 - amplitude)});
            points.add(new double[] {minute += quarter, start});
        }
        return minute;
    }

    /** 10–30 % lower over 6–24 hours, in legs with small relief rallies; checked every 5 minutes. */
    private static int slowBleed(SplittableRandom random, double start, List<double[]> points) {
        int hours = random.nextInt(6, 25);
        int legs = random.nextInt(6, 16);
        double total = between(random, 0.10, 0.30);
        points.add(new double[] {0, start});
        double price = start;
        int minutes = hours * 60;
        for (int leg = 1; leg <= legs; leg++) {
            double share = total / legs * between(random, 0.4, 1.6);
            price *= random.nextInt(4) == 0 ? 1 + share / 3 : 1 - share;
            points.add(new double[] {minutes * leg / legs, price});
        }
        return minutes;
    }

    /**
     * Protection a trader who knows the kind of market might set: a trigger 1.05–1.6 times the
     * largest fall between two scheduled checks (at least 0.5 %), so that a checker always sees the
     * trigger before a liquidation; a target 2–3.5 times it, a watch band 1.5–2.2 times it.
     */
    private static Protection fitted(SplittableRandom random, PricePath path, int minutes, int checkRate,
            int gapMinute) {
        double largest = 0;
        for (int check = 0; check + 1 <= minutes; check += checkRate) {
            double from = path.priceAt(check).doubleValue();
            for (int m = check + 1; m <= Math.min(minutes, check + checkRate); m++) {
                if (m == gapMinute) {
                    continue;
                }
                largest = Math.max(largest, 1 - path.candleAt(m, Instant.EPOCH).low().doubleValue() / from);
            }
        }
        double trigger = Math.max(0.5, Math.ceil(largest * 100 * between(random, 1.05, 1.6) * 10) / 10);
        double target = round(trigger * between(random, 2, 3.5), 1);
        double band = round(trigger * between(random, 1.5, 2.2), 1);
        return new Protection(trigger, target, Math.max(band, trigger), checkRate, checkRate * 60);
    }

    /** Numbers set without looking at the market: a trigger of 1.5–4 %, a target 2–3 times it, the default band. */
    private static Protection generic(SplittableRandom random, int checkRate) {
        double trigger = round(between(random, 1.5, 4), 1);
        double target = round(trigger * between(random, 2, 3), 1);
        return new Protection(trigger, target, round(trigger * 2, 1), checkRate, checkRate * 60);
    }

    /**
     * The margin that survives an adverse move of {@code room} at the start: maintenance there plus
     * {@code room} of the notional less its maintenance (decision 0013, one long).
     */
    private static double marginFor(double quantity, double price, double room) {
        double notional = quantity * price;
        double maintenance = maintenance(notional);
        return maintenance + room * (notional - maintenance);
    }

    private static double maintenance(double notional) {
        for (String[] tier : TIERS) {
            if (tier[0] == null || notional <= Double.parseDouble(tier[0])) {
                return notional * Double.parseDouble(tier[1]) - Double.parseDouble(tier[2]);
            }
        }
        throw new IllegalStateException("the last tier has no bound");
    }

    /** Every path of every kind, {@code perKind} of each, played side by side. */
    public static Map<Kind, List<Comparison>> play(long seed, int perKind) {
        return play(seed, perKind, Settings.FITTED);
    }

    /** As {@link #play(long, int)}, the accounts protected by settings of {@code how}. */
    public static Map<Kind, List<Comparison>> play(long seed, int perKind, Settings how) {
        Map<Kind, List<Comparison>> played = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            List<Comparison> comparisons = new ArrayList<>(perKind);
            for (int i = 0; i < perKind; i++) {
                comparisons.add(PolicyPlay.compare(path(kind, seed, i, how), false));
            }
            played.put(kind, comparisons);
        }
        return played;
    }

    /**
     * The promise of move-based protection over a set of side-by-side runs.
     *
     * @param accounts managed accounts judged (each played on both sides)
     * @param liquidatedCovered accounts a side let be liquidated although its source and caps covered the optimum
     * @param lostWhereOtherLived of those, the accounts the other side kept alive
     * @param moved collateral each side moved, over every account
     * @param optimum the hindsight optimum over every account
     * @param overThreeTimes accounts a side moved more than 3 × the optimum into
     * @param medianOverOptimum the median moved ÷ optimum of a side over accounts whose optimum is not zero
     * @param transfers transfers each side made
     */
    public record Judged(int accounts, long[] liquidatedCovered, long[] lostWhereOtherLived, BigDecimal[] moved,
            BigDecimal optimum,
            long[] overThreeTimes, double[] medianOverOptimum, long[] transfers) {

        static Judged of(List<Comparison> comparisons) {
            long[] liquidated = new long[2];
            long[] lostAlone = new long[2];
            BigDecimal[] moved = {BigDecimal.ZERO, BigDecimal.ZERO};
            long[] over = new long[2];
            List<List<Double>> ratios = List.of(new ArrayList<>(), new ArrayList<>());
            long[] transfers = new long[2];
            BigDecimal optimum = BigDecimal.ZERO;
            int accounts = 0;
            for (Comparison comparison : comparisons) {
                for (Comparison.Pair pair : comparison.accounts()) {
                    accounts++;
                    optimum = optimum.add(pair.optimum());
                    for (int side = 0; side < 2; side++) {
                        Comparison.Played played = Comparison.side(pair, side);
                        if (pair.covered() && played.liquidated()) {
                            liquidated[side]++;
                            if (!Comparison.side(pair, 1 - side).liquidated()) {
                                lostAlone[side]++;
                            }
                        }
                        moved[side] = moved[side].add(played.moved());
                        transfers[side] += played.transfers();
                        if (played.moved().compareTo(pair.optimum().multiply(BigDecimal.valueOf(3))) > 0) {
                            over[side]++;
                        }
                        if (pair.optimum().signum() > 0) {
                            ratios.get(side).add(played.moved().doubleValue() / pair.optimum().doubleValue());
                        }
                    }
                }
            }
            double[] median = new double[2];
            for (int side = 0; side < 2; side++) {
                List<Double> sorted = ratios.get(side).stream().sorted().toList();
                median[side] = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
            }
            return new Judged(accounts, liquidated, lostAlone, moved, optimum, over, median, transfers);
        }
    }

    /** The figures of one run: per kind and over all, each side beside the optimum. */
    public static String report(long seed, int perKind, Map<Kind, List<Comparison>> played) {
        return report(seed, perKind, Settings.FITTED, played);
    }

    /** As {@link #report(long, int, Map)}, naming the settings the accounts were protected by. */
    public static String report(long seed, int perKind, Settings how, Map<Kind, List<Comparison>> played) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Unseen paths: seed %d, %d paths of each kind, 2 accounts a path, %s settings%n%n",
                seed, perKind, how.name().toLowerCase(Locale.ROOT)));
        out.append("| Kind | Accounts | Liquidated where covered (fixed / move) | Of those, the other side kept alive"
                + " (fixed / move) | Moved, fixed ratio | Moved, move-based | Move ÷ fixed | Hindsight optimum"
                + " | Over 3 × optimum (fixed / move) | Median moved ÷ optimum (fixed / move) | Transfers (fixed / move) |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Comparison> all = new ArrayList<>();
        for (Map.Entry<Kind, List<Comparison>> kind : played.entrySet()) {
            all.addAll(kind.getValue());
            out.append(row(kind.getKey().label(), Judged.of(kind.getValue())));
        }
        out.append(row("all", Judged.of(all)));
        return out.toString();
    }

    private static String row(String label, Judged judged) {
        return String.format(Locale.ROOT, "| %s | %d | %d / %d | %d / %d | %s | %s | %.3f | %s | %d / %d | %.2f× / %.2f× | %d / %d |%n",
                label, judged.accounts(), judged.liquidatedCovered()[0], judged.liquidatedCovered()[1],
                judged.lostWhereOtherLived()[0], judged.lostWhereOtherLived()[1],
                money(judged.moved()[0]), money(judged.moved()[1]),
                judged.moved()[0].signum() == 0 ? 0 : judged.moved()[1].doubleValue() / judged.moved()[0].doubleValue(),
                money(judged.optimum()), judged.overThreeTimes()[0], judged.overThreeTimes()[1],
                judged.medianOverOptimum()[0], judged.medianOverOptimum()[1], judged.transfers()[0],
                judged.transfers()[1]);
    }

    private static String money(BigDecimal amount) {
        return String.format(Locale.ROOT, "%,.0f", amount);
    }

    /** {@code infra/bin/backtest --unseen [PATHS_PER_KIND] [SEED]}: plays the paths and prints the table. */
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("--built-in")) {
            BigDecimal[] moved = {BigDecimal.ZERO, BigDecimal.ZERO};
            for (String name : Backtest.sideBySideScenarios()) {
                Comparison comparison = PolicyPlay.compare(ScenarioLoader.builtIn(name));
                System.out.println(comparison.text());
                System.out.printf(Locale.ROOT, "%s: moved fixed ratio %s, move-based %s; liquidated %d / %d;"
                        + " transfers %d / %d%n%n", name, money(comparison.totalMoved(0)), money(comparison.totalMoved(1)),
                        comparison.liquidations(0), comparison.liquidations(1), comparison.totalTransfers(0),
                        comparison.totalTransfers(1));
                moved[0] = moved[0].add(comparison.totalMoved(0));
                moved[1] = moved[1].add(comparison.totalMoved(1));
            }
            System.out.printf(Locale.ROOT, "moved: fixed ratio %s, move-based %s%n", money(moved[0]), money(moved[1]));
            return;
        }
        List<String> numbers = new ArrayList<>(List.of(args));
        Settings how = numbers.remove("--generic") ? Settings.GENERIC : Settings.FITTED;
        int perKind = numbers.size() > 0 ? Integer.parseInt(numbers.get(0)) : 200;
        long seed = numbers.size() > 1 ? Long.parseLong(numbers.get(1)) : 1;
        long began = System.nanoTime();
        Map<Kind, List<Comparison>> played = play(seed, perKind, how);
        System.out.print(report(seed, perKind, how, played));
        System.out.printf(Locale.ROOT, "%nplayed in %.1f s%n", (System.nanoTime() - began) / 1e9);
    }

    private static double between(SplittableRandom random, double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
