package dev.margintopup.venue.okx;

import static dev.margintopup.venue.okx.OkxV5Venue.POSITIONS_PATH;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.policy.Position;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.http.AnswerReader;
import dev.margintopup.venue.http.Redaction;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Reads OKX's {@code /api/v5/account/positions}: one isolated position, or every cross one in a currency. */
final class OkxPositions {

    private final OkxHttp http;
    private final Redaction redaction;

    OkxPositions(OkxHttp http, Redaction redaction) {
        this.http = http;
        this.redaction = redaction;
    }

    /**
     * The open isolated position on {@code instId}, if any. In long/short mode both sides may be
     * open at once, and an account item names only the instrument: that is refused, not guessed.
     */
    Optional<JsonNode> isolated(String instId, String asset) {
        Objects.requireNonNull(instId, "symbol");
        OkxReader reader = new OkxReader(POSITIONS_PATH, redaction);
        JsonNode rows = reader.data(http.get(POSITIONS_PATH, POSITIONS_PATH + "?instId=" + encode(instId)));
        List<JsonNode> open = new ArrayList<>();
        for (JsonNode row : rows) {
            if (!instId.equals(reader.text(row, "instId")) || !"isolated".equals(reader.text(row, "mgnMode"))) {
                continue;
            }
            BigDecimal pos = reader.optionalAmount(row, "pos");
            if (pos != null && pos.signum() != 0) {
                open.add(row);
            }
        }
        if (open.size() > 1) {
            throw new VenueException(Kind.CONFIG, OkxV5Venue.NAME, POSITIONS_PATH, null, "both a long and a short isolated"
                    + " position are open on " + instId + " and the account item cannot say which to protect;"
                    + " use net position mode or close one side");
        }
        if (open.isEmpty()) {
            return Optional.empty();
        }
        JsonNode position = open.getFirst();
        String ccy = reader.text(position, "ccy");
        if (!ccy.equals(asset)) {
            throw new VenueException(Kind.CONFIG, OkxV5Venue.NAME, POSITIONS_PATH, null, "the isolated position on " + instId
                    + " is margined in " + ccy + ", not " + asset + "; set asset to " + ccy + " on the account item");
        }
        return Optional.of(position);
    }

    /**
     * Every open cross position margined in {@code ccy}: what the trading account's cross margin
     * carries. In long/short mode a symbol with both sides open gives two.
     */
    List<Position> cross(String ccy) {
        OkxReader reader = new OkxReader(POSITIONS_PATH, redaction);
        List<Position> open = new ArrayList<>();
        for (JsonNode row : reader.data(http.get(POSITIONS_PATH, POSITIONS_PATH))) {
            BigDecimal pos = reader.optionalAmount(row, "pos");
            if ("cross".equals(reader.text(row, "mgnMode")) && ccy.equals(reader.optionalText(row, "ccy"))
                    && pos != null && pos.signum() != 0) {
                open.add(position(reader, row));
            }
        }
        return open;
    }

    /**
     * One row as a position. OKX counts {@code pos} in contracts; its USD notional ÷ the mark is
     * the size in the base currency without a per-instrument contract-value lookup. The side is
     * {@code posSide} in long/short mode and the sign of {@code pos} in net mode.
     */
    static Position position(OkxReader reader, JsonNode row) {
        BigDecimal pos = reader.amount(row, "pos");
        BigDecimal mark = reader.amount(row, "markPx");
        String posSide = reader.text(row, "posSide");
        Position.Side side = switch (posSide) {
            case "long" -> Position.Side.LONG;
            case "short" -> Position.Side.SHORT;
            case "net" -> null;
            default -> throw reader.bad("field posSide is " + posSide + ", not long, short or net");
        };
        if (mark.signum() <= 0) {
            throw reader.bad("field markPx is " + mark.toPlainString() + " for the open position on "
                    + reader.text(row, "instId"));
        }
        BigDecimal size = AnswerReader.markFromNotional(reader.amount(row, "notionalUsd"), mark);
        return reader.position(reader.text(row, "instId"), side, pos.signum() < 0 ? size.negate() : size, mark,
                reader.amount(row, "mmr"), reader.optionalAmount(row, "liqPx"));
    }

    private static String encode(String value) {
        return URLEncoder.encode(Objects.requireNonNull(value, "query value"), StandardCharsets.UTF_8);
    }
}
