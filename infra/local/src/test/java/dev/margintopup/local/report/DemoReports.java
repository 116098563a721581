package dev.margintopup.local.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Believable runs for looking at the renderings: a price path and accounts whose margin ratio follows it
 * through a long position, with top-ups that land a minute or two after they are asked for.
 */
final class DemoReports {

    private DemoReports() {}

    /** An hour of BTC selling off about 10% and half recovering: two managed accounts survive, the control does not. */
    static RunReport flashCrash() {
        List<PricePoint> prices = crashPrices(60, new Random(7));
        List<AccountTrack> accounts = List.of(
                new Position("acct-cross-01", true, "CROSS", "0.80", "0.60", 2, 64_200, 0.045, 0, 1, 2)
                        .play(prices),
                new Position("acct-iso-btc", true, "ISOLATED", "0.75", "0.55", 0.8, 64_150, 0.05, 1, 1, 1)
                        .play(prices),
                new Position("acct-control", false, "CROSS", "0.80", "0.60", 2, 64_200, 0.045, 0, 0, 0)
                        .liquidatedAt(41, prices));
        return new RunReport("flash-crash-btc",
                "BTC sells off 10% in 25 minutes, then recovers half of it. Two managed accounts & one unmanaged control "
                        + "hold the same long.",
                Instant.parse("2026-03-14T09:00:00Z"), 60, "BTCUSDT", prices, accounts,
                List.of("Paper venue confirms transfers 1–2 simulated minutes after the request.",
                        "Top-ups are capped per hour: 2 for acct-cross-01, 1 for acct-iso-btc."));
    }

    /** A day of minutes and five accounts, to check the page stays small. */
    static RunReport longDay() {
        List<PricePoint> prices = crashPrices(1440, new Random(11));
        List<AccountTrack> accounts = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            accounts.add(new Position("acct-" + i, i != 5, "CROSS", "0.80", "0.60", 10, 64_200, 0.045, i % 3, 1, 99)
                    .play(prices));
        }
        return new RunReport("long-day", "A day of minutes.", Instant.parse("2026-03-14T00:00:00Z"), 1440, "BTCUSDT",
                prices, accounts, List.of());
    }

    /**
     * What crowds a chart: a top-up every minute or two, a calm account far below liquidation, two accounts
     * liquidated at the same minute and price, long account ids, and top-ups drawn from two source wallets.
     */
    static RunReport crowded() {
        List<PricePoint> prices = crashPrices(90, new Random(3));
        List<Sample> busy = new ArrayList<>();
        List<Sample> calm = new ArrayList<>();
        List<Sample> doomed = new ArrayList<>();
        List<TopUpMark> topUps = new ArrayList<>();
        List<MoneyTrack.Amount> funding = new ArrayList<>();
        List<MoneyTrack.Amount> spot = new ArrayList<>();
        for (int m = 0; m <= 90; m++) {
            busy.add(new Sample(m, BigDecimal.valueOf(0.55 + 0.2 * Math.sin(m / 2.0)).setScale(4, RoundingMode.HALF_UP)));
            calm.add(new Sample(m, BigDecimal.valueOf(0.03 + 0.01 * Math.sin(m / 7.0)).setScale(4, RoundingMode.HALF_UP)));
            doomed.add(new Sample(m, m < 61 ? BigDecimal.valueOf(0.2 + m * 0.0135).setScale(4, RoundingMode.HALF_UP) : null));
            funding.add(new MoneyTrack.Amount(m, BigDecimal.valueOf(50_000 - m * 400L)));
            spot.add(new MoneyTrack.Amount(m, BigDecimal.valueOf(20_000 - m * 150L)));
            if (m % 2 == 1 && m < 80) {
                topUps.add(new TopUpMark(m, m % 10 == 7 ? null : m + 1, BigDecimal.valueOf(12_345.67 + m),
                        "USDT", m % 10 == 7 ? TopUpMark.UNKNOWN : TopUpMark.CONFIRMED));
            }
        }
        MoneyTrack twoSources = new MoneyTrack("USDT", new BigDecimal("250000"),
                java.util.Map.of("FUNDING", funding, "SPOT", spot), List.of(), List.of());
        Liquidation at61 = new Liquidation(61, prices.get(61).price());
        List<AccountTrack> accounts = List.of(
                new AccountTrack("desk-btc-cross-with-a-rather-long-account-name", true, "CROSS", new BigDecimal("0.6"),
                        new BigDecimal("0.4"), busy, topUps, List.of(), null, List.of(), twoSources),
                new AccountTrack("calm-account", true, "ISOLATED", new BigDecimal("0.15"), new BigDecimal("0.05"), calm,
                        List.of(), List.of(), null),
                new AccountTrack("control-one-with-a-long-name", false, "CROSS", new BigDecimal("0.6"),
                        new BigDecimal("0.4"), doomed, List.of(), List.of(), at61),
                new AccountTrack("control-two-with-a-long-name", false, "CROSS", new BigDecimal("0.6"),
                        new BigDecimal("0.4"), doomed, List.of(), List.of(), at61));
        return new RunReport("crowded", "Everything at once.", Instant.parse("2026-03-14T09:00:00Z"), 90, "BTCUSDT",
                prices, accounts, List.of());
    }

    /** Drift, a crash to the lowest point at 41/60 of the run, then a partial recovery, with a little noise. */
    private static List<PricePoint> crashPrices(int minutes, Random noise) {
        List<PricePoint> prices = new ArrayList<>();
        int bottom = minutes * 41 / 60;
        int crashStart = minutes * 16 / 60;
        for (int m = 0; m <= minutes; m++) {
            double price;
            if (m <= crashStart) {
                price = 64_200 - 600.0 * m / crashStart;
            } else if (m <= bottom) {
                double t = (double) (m - crashStart) / (bottom - crashStart);
                price = 63_600 - 5_700 * Math.pow(t, 1.6);
            } else {
                double t = (double) (m - bottom) / (minutes - bottom);
                price = 57_900 + 2_900 * Math.sqrt(t);
            }
            if (m != bottom) {
                price += noise.nextGaussian() * 45;
            }
            prices.add(new PricePoint(m, BigDecimal.valueOf(price).setScale(1, RoundingMode.HALF_UP)));
        }
        return prices;
    }

    /**
     * A long position: margin ratio = maintenance (rate × notional) over margin balance (wallet + unrealised
     * PnL). The pipeline stand-in asks for enough to get back to target once the ratio reaches trigger, waits
     * {@code latency} minutes for it to land, and tops up at most {@code maxTopUps} times.
     */
    private record Position(String id, boolean managed, String mode, String trigger, String target, double quantity,
            double entry, double maintenanceRate, int requestDelay, int latency, int maxTopUps) {

        AccountTrack play(List<PricePoint> prices) {
            double wallet = walletForRatio(prices.getFirst().price().doubleValue(), 0.42);
            return run(prices, wallet);
        }

        AccountTrack liquidatedAt(int minute, List<PricePoint> prices) {
            double wallet = walletForRatio(prices.get(minute).price().doubleValue(), 1.0005);
            return run(prices, wallet);
        }

        private double walletForRatio(double price, double ratio) {
            return maintenanceRate * quantity * price / ratio - quantity * (price - entry);
        }

        private AccountTrack run(List<PricePoint> prices, double startWallet) {
            double wallet = startWallet;
            double triggerRatio = Double.parseDouble(trigger);
            double targetRatio = Double.parseDouble(target);
            List<Sample> samples = new ArrayList<>();
            List<TopUpMark> topUps = new ArrayList<>();
            List<AlertMark> alerts = new ArrayList<>();
            List<MoneyTrack.Amount> source = new ArrayList<>();
            List<MoneyTrack.Amount> margin = new ArrayList<>();
            List<MoneyTrack.WouldTopUp> would = new ArrayList<>();
            double funding = 30_000;
            Liquidation liquidation = null;
            Integer breachSince = null;
            Integer landsAt = null;
            double landing = 0;
            int lastRequest = -1_000;
            for (PricePoint point : prices) {
                int m = point.minute();
                double price = point.price().doubleValue();
                if (liquidation != null) {
                    samples.add(new Sample(m, null));
                    continue;
                }
                if (landsAt != null && landsAt == m) {
                    wallet += landing;
                    landsAt = null;
                }
                double maintenance = maintenanceRate * quantity * price;
                double ratio = maintenance / (wallet + quantity * (price - entry));
                source.add(new MoneyTrack.Amount(m, money(funding)));
                margin.add(new MoneyTrack.Amount(m, money(wallet + quantity * (price - entry))));
                if (ratio >= 1 || ratio < 0) {
                    samples.add(new Sample(m, BigDecimal.valueOf(Math.max(ratio, 1)).setScale(4, RoundingMode.HALF_UP)));
                    liquidation = new Liquidation(m, point.price());
                    continue;
                }
                samples.add(new Sample(m, BigDecimal.valueOf(ratio).setScale(4, RoundingMode.HALF_UP)));
                if (!managed) {
                    if (ratio >= triggerRatio) {
                        would.add(new MoneyTrack.WouldTopUp(m, money(maintenance / targetRatio
                                - (wallet + quantity * (price - entry)))));
                    }
                    continue;
                }
                if (ratio >= triggerRatio) {
                    breachSince = breachSince == null ? m : breachSince;
                    if (landsAt == null && m - breachSince >= requestDelay) {
                        if (topUps.size() < maxTopUps) {
                            double needed = maintenance / targetRatio - (wallet + quantity * (price - entry));
                            landing = Math.ceil(needed / 100) * 100;
                            landsAt = m + latency + topUps.size();
                            funding -= landing;
                            topUps.add(new TopUpMark(m, landsAt, BigDecimal.valueOf(landing), "USDT", TopUpMark.CONFIRMED));
                            lastRequest = m;
                        } else if (m - lastRequest >= 3 && alerts.size() < 2) {
                            alerts.add(new AlertMark(m, "MarginAtRisk", "ratio " + BigDecimal.valueOf(ratio)
                                    .setScale(3, RoundingMode.HALF_UP) + " above trigger " + trigger
                                    + "; no top-up: " + maxTopUps + (maxTopUps == 1 ? " top-up" : " top-ups")
                                    + " per hour already used"));
                            lastRequest = m;
                        }
                    }
                } else {
                    breachSince = null;
                }
            }
            return new AccountTrack(id, managed, mode, new BigDecimal(trigger), new BigDecimal(target), samples, topUps,
                    alerts, liquidation, List.of(), new MoneyTrack("USDT", new BigDecimal("20000"),
                            java.util.Map.of("FUNDING", source), margin, would));
        }

        private static BigDecimal money(double amount) {
            return BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP);
        }
    }
}
