package dev.margintopup.venue.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.bybit.BybitHttp.Answer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Reads Bybit's {@code /v5/position/list}: one symbol's open position, or every one settled in a coin. */
final class BybitPositions {

    /** Bybit's largest page of positions. */
    static final int PAGE_SIZE = 200;
    /** Pages read before giving up: a thousand open positions is not an account this product watches. */
    static final int MAX_PAGES = 5;

    /** The symbol's open position as Bybit answered it, or a {@code null} row when there is none. */
    record Open(Answer answer, BybitReader reader, JsonNode row) {}

    private final BybitHttp http;

    BybitPositions(BybitHttp http) {
        this.http = http;
    }

    /**
     * The open position in the symbol. Hedge mode (a long and a short open in one symbol) is
     * refused: an isolated account item names a symbol, not a side.
     */
    Open in(String symbol) {
        Objects.requireNonNull(symbol, "an isolated position needs a symbol");
        Answer answer = http.call("GET", BybitV5Venue.POSITION_LIST, "category=linear&symbol=" + encode(symbol), "");
        BybitReader reader = answer.reader();
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode row : reader.array(answer.result(), "list")) {
            if (symbol.equals(reader.text(row, "symbol")) && reader.amount(row, "size").signum() != 0) {
                open.add(row);
            }
        }
        if (open.size() > 1) {
            throw new VenueException(Kind.CONFIG, BybitV5Venue.NAME, BybitV5Venue.POSITION_LIST, null, "two positions"
                    + " are open in " + symbol + " (hedge mode); not supported yet: switch the symbol to one-way mode");
        }
        return new Open(answer, reader, open.isEmpty() ? null : open.getFirst());
    }

    /**
     * Every open linear position settled in {@code coin}: in a Unified account in regular margin
     * they all share the cross margin. A hedge-mode symbol gives two, one per side.
     */
    List<Position> settledIn(String coin) {
        List<Position> positions = new ArrayList<>();
        String cursor = "";
        for (int page = 1; ; page++) {
            Answer answer = http.call("GET", BybitV5Venue.POSITION_LIST, "category=linear&settleCoin=" + encode(coin)
                    + "&limit=" + PAGE_SIZE + (cursor.isEmpty() ? "" : "&cursor=" + encode(cursor)), "");
            BybitReader reader = answer.reader();
            for (JsonNode row : reader.array(answer.result(), "list")) {
                if (reader.amount(row, "size").signum() != 0) {
                    positions.add(position(reader, row));
                }
            }
            JsonNode next = answer.result().get("nextPageCursor");
            cursor = next == null || next.isNull() ? "" : next.asText();
            if (cursor.isEmpty()) {
                return positions;
            }
            if (page == MAX_PAGES) {
                throw reader.bad("more than " + MAX_PAGES * PAGE_SIZE + " positions settled in " + coin);
            }
        }
    }

    /** The position's index (0 one-way, 1 or 2 a hedge-mode side), which add-margin must name. */
    static int positionIdx(Open position) {
        return position.reader().whole(position.row(), "positionIdx");
    }

    /** One row of the list as a position: Bybit's side is Buy or Sell, its size always positive. */
    static Position position(BybitReader reader, JsonNode row) {
        String side = reader.text(row, "side");
        Position.Side direction = switch (side) {
            case "Buy" -> Position.Side.LONG;
            case "Sell" -> Position.Side.SHORT;
            default -> throw reader.bad("field side is " + side + " for an open position, not Buy or Sell");
        };
        return reader.position(reader.text(row, "symbol"), direction, reader.amount(row, "size"),
                reader.amount(row, "markPrice"), reader.amount(row, "positionMM"), reader.optionalAmount(row, "liqPrice"));
    }

    /**
     * The least margin balance an isolated position keeps when margin is taken out of it (decision 0029).
     * Bybit publishes no formula for a negative add-margin; what is modelled is the initial margin at the
     * position's leverage (on the larger of its value and size × mark), never below its maintenance, plus
     * any unrealised profit, which is not taken out before it is realised: never less than Bybit keeps.
     */
    static BigDecimal marginToKeep(BybitReader reader, JsonNode row) {
        BigDecimal leverage = reader.amount(row, "leverage");
        if (leverage.signum() <= 0) {
            throw reader.bad("field leverage is " + leverage.toPlainString() + ", not positive");
        }
        BigDecimal value = reader.amount(row, "positionValue").max(
                reader.amount(row, "size").multiply(reader.amount(row, "markPrice")));
        BigDecimal initial = value.divide(leverage, 8, RoundingMode.UP).max(reader.amount(row, "positionMM"));
        return initial.add(reader.amount(row, "unrealisedPnl").max(BigDecimal.ZERO));
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "query value"), StandardCharsets.UTF_8);
    }
}
