package dev.margintopup.venue.hyperliquid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Position;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The positions of a {@code clearinghouseState} answer. Hyperliquid gives no mark per position:
 * it is {@code positionValue ÷ |szi|}. Maintenance is half the initial margin at the asset's
 * maximum leverage ({@code positionValue ÷ maxLeverage ÷ 2}), the venue's published rule.
 */
final class HyperliquidPositions {

    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    /** USD amounts of L1 actions are whole micro-USDC. */
    private static final int USD_SCALE = 6;

    private HyperliquidPositions() {}

    /**
     * One open position, read from an {@code assetPositions[].position} object.
     *
     * @param leverage an isolated position's leverage ({@code leverage.value}); 0 for a cross one
     * @param unrealizedPnl an isolated position's unrealised PnL; {@code null} for a cross one
     */
    record Open(String coin, boolean isolated, BigDecimal signedSize, BigDecimal positionValue,
            BigDecimal maintenance, BigDecimal liquidationPrice, BigDecimal rawUsd, int leverage,
            BigDecimal unrealizedPnl) {

        BigDecimal mark() {
            return positionValue.divide(signedSize.abs(), MathContext.DECIMAL64).stripTrailingZeros();
        }

        /** An isolated position's own equity: its raw USD plus its signed notional at the mark. */
        BigDecimal isolatedEquity() {
            return rawUsd.add(signedSize.signum() < 0 ? positionValue.negate() : positionValue);
        }

        /**
         * The least margin an isolated position keeps when margin is removed from it: the initial
         * margin at its leverage, with any unrealised profit left in it (the venue's exact rule for a
         * removal is not published; this never asks for more than it lets go).
         */
        BigDecimal marginToKeep() {
            return positionValue.divide(BigDecimal.valueOf(leverage), USD_SCALE, RoundingMode.UP)
                    .add(unrealizedPnl.max(BigDecimal.ZERO));
        }

        Position position(HyperliquidReader reader) {
            return reader.position(coin, null, signedSize, mark(), maintenance, liquidationPrice);
        }
    }

    /** Every open position of the answer; a size-0 row is none. */
    static List<Open> read(HyperliquidReader reader, JsonNode state) {
        List<Open> open = new ArrayList<>();
        for (JsonNode row : reader.array(state, "assetPositions")) {
            JsonNode position = reader.child(row, "position");
            BigDecimal size = reader.amount(position, "szi");
            if (size.signum() == 0) {
                continue;
            }
            String coin = reader.text(position, "coin");
            JsonNode leverage = reader.child(position, "leverage");
            String type = reader.text(leverage, "type");
            if (!type.equals("cross") && !type.equals("isolated")) {
                throw reader.bad("position " + coin + ": field leverage.type is " + type + ", not cross or isolated");
            }
            boolean isolated = type.equals("isolated");
            BigDecimal value = reader.amount(position, "positionValue").abs();
            int maxLeverage = reader.integer(position, "maxLeverage");
            if (maxLeverage < 1) {
                throw reader.bad("position " + coin + ": field maxLeverage is " + maxLeverage);
            }
            if (value.signum() == 0) {
                throw reader.bad("position " + coin + ": field positionValue is 0 for a size of " + size.toPlainString());
            }
            BigDecimal maintenance = value.divide(BigDecimal.valueOf(maxLeverage).multiply(TWO), MathContext.DECIMAL64);
            int positionLeverage = isolated ? reader.integer(leverage, "value") : 0;
            if (isolated && positionLeverage < 1) {
                throw reader.bad("position " + coin + ": field leverage.value is " + positionLeverage);
            }
            open.add(new Open(coin, isolated, size, value, maintenance, reader.optionalAmount(position, "liquidationPx"),
                    isolated ? reader.amount(leverage, "rawUsd") : null, positionLeverage,
                    isolated ? reader.amount(position, "unrealizedPnl") : null));
        }
        return open;
    }

    static List<Position> cross(HyperliquidReader reader, List<Open> open) {
        return open.stream().filter(p -> !p.isolated()).map(p -> p.position(reader)).toList();
    }

    static Optional<Open> isolated(List<Open> open, String coin) {
        return open.stream().filter(p -> p.isolated() && p.coin().equals(coin)).findFirst();
    }
}
