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
                if (ratio >= 1 || ratio < 0) {
                    samples.add(new Sample(m, BigDecimal.valueOf(Math.max(ratio, 1)).setScale(4, RoundingMode.HALF_UP)));
                    liquidation = new Liquidation(m, point.price());
                    continue;
                }
                samples.add(new Sample(m, BigDecimal.valueOf(ratio).setScale(4, RoundingMode.HALF_UP)));
                if (!managed) {
                    continue;
                }
                if (ratio >= triggerRatio) {
                    breachSince = breachSince == null ? m : breachSince;
                    if (landsAt == null && m - breachSince >= requestDelay) {
                        if (topUps.size() < maxTopUps) {
                            double needed = maintenance / targetRatio - (wallet + quantity * (price - entry));
                            landing = Math.ceil(needed / 100) * 100;
                            landsAt = m + latency + topUps.size();
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
                    alerts, liquidation);
        }
    }
}
