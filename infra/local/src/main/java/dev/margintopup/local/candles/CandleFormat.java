package dev.margintopup.local.candles;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exports a user can replay, each as the venue writes it. Columns are zero-based positions in
 * a row; every venue puts the open time first and open, high, low, close next.
 *
 * <ul>
 *   <li>{@code binance-usdm}: {@code GET /fapi/v1/klines} (a JSON list of 12-element rows
 *       {@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume",
 *       trades, "takerBuyBase", "takerBuyQuote", "ignore"]}, oldest first) and the public data
 *       dump CSV with the same 12 columns, with or without the header
 *       {@code open_time,open,high,low,close,volume,close_time,quote_volume,count,...}; open times
 *       in milliseconds, or microseconds in newer dumps.
 *   <li>{@code bybit-v5}: {@code GET /v5/market/kline}
 *       ({@code {"retCode":0,"result":{"symbol":..,"list":[["startTime","openPrice","highPrice",
 *       "lowPrice","closePrice","volume","turnover"], ..]}}}, newest first) and a CSV of those 7
 *       columns, with or without a header.
 *   <li>{@code okx-v5}: {@code GET /api/v5/market/candles} or {@code history-candles}
 *       ({@code {"code":"0","data":[["ts","o","h","l","c","vol","volCcy","volCcyQuote","confirm"],
 *       ..]}}, newest first) and a CSV of those 9 columns, with or without a header.
 * </ul>
 */
public enum CandleFormat {

    BINANCE_USDM("binance-usdm", "Binance USD-M klines (REST JSON or data-dump CSV, 12 columns)", 12,
            List.of("open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "count",
                    "taker_buy_volume", "taker_buy_quote_volume", "ignore")),
    BYBIT_V5("bybit-v5", "Bybit v5 kline (REST JSON result.list or CSV, 7 columns)", 7,
            List.of("starttime", "openprice", "highprice", "lowprice", "closeprice", "volume", "turnover")),
    OKX_V5("okx-v5", "OKX v5 candles (REST JSON data or CSV, 9 columns)", 9,
            List.of("ts", "o", "h", "l", "c", "vol", "volccy", "volccyquote", "confirm"));

    /** The name a scenario's {@code format} or nothing at all ({@code auto}) chooses. */
    public static final String AUTO = "auto";

    private final String id;
    private final String description;
    private final int columns;
    private final List<String> header;

    CandleFormat(String id, String description, int columns, List<String> header) {
        this.id = id;
        this.description = description;
        this.columns = columns;
        this.header = header;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** How many columns a row of this venue's export has. */
    int columns() {
        return columns;
    }

    /** The header the venue writes, lower case. */
    List<String> header() {
        return header;
    }

    public static Optional<CandleFormat> byId(String id) {
        return Arrays.stream(values()).filter(f -> f.id.equals(id)).findFirst();
    }

    /** Every accepted {@code format} value, {@code auto} first. */
    public static List<String> ids() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(AUTO),
                Arrays.stream(values()).map(CandleFormat::id)).toList();
    }

    /** For messages: every known format with what it looks like. */
    public static String known() {
        return String.join("; ", Arrays.stream(values()).map(f -> f.id + " = " + f.description).toList());
    }
}
