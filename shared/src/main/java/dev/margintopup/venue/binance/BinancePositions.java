package dev.margintopup.venue.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.http.AnswerReader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The positions behind a Binance snapshot, read from the answers the adapter reads anyway. */
final class BinancePositions {

    private BinancePositions() {}

    /**
     * Every open cross position of {@code /fapi/v3/account} margined in {@code asset}. That answer
     * carries no mark price, so the mark is the position's notional ÷ its size, and no liquidation
     * price (a cross position's depends on the whole account). A linear contract is margined in
     * the asset it is quoted in; an isolated position ({@code isolatedWallet} above 0) has its own
     * margin and is not behind the cross ratio.
     */
    static List<Position> cross(BinanceReader reader, JsonNode account, String asset) {
        List<Position> positions = new ArrayList<>();
        for (JsonNode row : reader.array(account, "positions")) {
            BigDecimal amount = reader.amount(row, "positionAmt");
            String symbol = reader.text(row, "symbol");
            if (amount.signum() == 0 || reader.amount(row, "isolatedWallet").signum() != 0 || !symbol.endsWith(asset)) {
                continue;
            }
            positions.add(reader.position(symbol, side(reader, row), amount,
                    AnswerReader.markFromNotional(reader.amount(row, "notional"), amount),
                    reader.amount(row, "maintMargin"), null));
        }
        return positions;
    }

    /** The one isolated position of a {@code /fapi/v3/positionRisk} row. */
    static Position isolated(BinanceReader reader, JsonNode row) {
        return reader.position(reader.text(row, "symbol"), side(reader, row), reader.amount(row, "positionAmt"),
                reader.amount(row, "markPrice"), reader.amount(row, "maintMargin"),
                reader.amount(row, "liquidationPrice"));
    }

    /** Hedge mode names the side; one-way mode ({@code BOTH}) gives it as the sign of the amount. */
    private static Position.Side side(BinanceReader reader, JsonNode row) {
        String side = reader.text(row, "positionSide");
        return switch (side) {
            case "LONG" -> Position.Side.LONG;
            case "SHORT" -> Position.Side.SHORT;
            case "BOTH" -> null;
            default -> throw reader.bad("field positionSide is " + side + ", not LONG, SHORT or BOTH");
        };
    }
}
