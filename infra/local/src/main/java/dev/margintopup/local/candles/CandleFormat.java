package dev.margintopup.local.candles;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The exports a user can replay. A CSV with a header is read by its header: the open time, open,
 * high, low and close columns are found by name wherever they stand (see {@link CandleColumns} for
 * the names), other columns are ignored, and the header tells which venue wrote it, or
 * {@code ohlc} when none did. A CSV without a header is read by its number of columns, each venue's
 * layout putting the open time first and open, high, low, close next. Fields may be separated by
 * commas, semicolons or tabs. A file may be gzipped or a zip of one file, as the venues' download
 * pages serve it.
 *
 * <ul>
 *   <li>{@code binance-usdm}: {@code GET /fapi/v1/klines} (a JSON list of 12-element rows
 *       {@code [openTime, "open", "high", "low", "close", "volume", closeTime, "quoteVolume",
 *       trades, "takerBuyBase", "takerBuyQuote", "ignore"]}, oldest first) and the public data
 *       dump CSV ({@code data.binance.vision}: klines, mark and index price klines) with the same
 *       12 columns, with or without the header
 *       {@code open_time,open,high,low,close,volume,close_time,quote_volume,count,...}.
 *   <li>{@code bybit-v5}: {@code GET /v5/market/kline}
 *       ({@code {"retCode":0,"result":{"symbol":..,"list":[["startTime","openPrice","highPrice",
 *       "lowPrice","closePrice","volume","turnover"], ..]}}}, newest first) and a CSV of those 7
 *       columns, with or without a header.
 *   <li>{@code bybit-mt4}: Bybit's public kline download for MetaTrader 4
 *       ({@code public.bybit.com/kline_for_metatrader4}): no header, 6 columns
 *       {@code yyyy.MM.dd HH:mm,open,high,low,close,volume}, the time on Bybit's MetaTrader clock,
 *       UTC+3 all year, which the reader turns into UTC.
 *   <li>{@code okx-v5}: {@code GET /api/v5/market/candles} or {@code history-candles}
 *       ({@code {"code":"0","data":[["ts","o","h","l","c","vol","volCcy","volCcyQuote","confirm"],
 *       ..]}}, newest first), a CSV of those 9 columns with or without a header, and OKX's
 *       historical-data download ({@code BTC-USDT-SWAP-candlesticks-2025-03-03.csv}:
 *       {@code instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm}).
 *   <li>{@code hyperliquid}: the info endpoint's {@code candleSnapshot} answer, a JSON list of
 *       {@code {"t":openTime,"T":closeTime,"s":"BTC","i":"1m","o":"..","c":"..","h":"..","l":"..",
 *       "v":"..","n":trades}}.
 *   <li>{@code ohlc}: any other CSV whose header names the columns ({@code time,open,high,low,close},
 *       {@code timestamp,...}, {@code date,...}; a separate {@code date} and {@code time} are
 *       joined), and any JSON list of objects naming the same fields.
 * </ul>
 *
 * <p>Open times are the candle's start. A whole number is epoch time, its unit decided by its
 * magnitude: below 10^11 seconds, below 10^14 milliseconds, below 10^17 microseconds (Binance's
 * newer dumps), else nanoseconds; each range starts in 1973 or earlier and reaches past the year
 * 5000, so no real file is ambiguous. Text is a date and time, {@code 2025-03-03T00:00:00Z},
 * {@code 2025-03-03 00:00:00}, {@code 2025-03-03 00:00} ({@code /} or {@code .} between the date's
 * parts also do), in UTC unless it gives an offset ({@code Z}, {@code +02:00}, {@code -0500},
 * {@code UTC}); Bybit's MetaTrader download is read at UTC+3.
 */
public enum CandleFormat {

    BINANCE_USDM("binance-usdm", "Binance USD-M klines (REST JSON or data-dump CSV, 12 columns)", 12,
            List.of(List.of("open_time", "open", "high", "low", "close", "volume", "close_time", "quote_volume", "count",
                    "taker_buy_volume", "taker_buy_quote_volume", "ignore"))),
    BYBIT_V5("bybit-v5", "Bybit v5 kline (REST JSON result.list or CSV, 7 columns)", 7,
            List.of(List.of("startTime", "openPrice", "highPrice", "lowPrice", "closePrice", "volume", "turnover"))),
    OKX_V5("okx-v5", "OKX v5 candles (REST JSON data, CSV of 9 columns, or the historical-data download"
            + " instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm)", 9,
            List.of(List.of("ts", "o", "h", "l", "c", "vol", "volCcy", "volCcyQuote", "confirm"),
                    List.of("instrument_name", "open", "high", "low", "close", "vol", "vol_ccy", "vol_quote",
                            "open_time", "confirm"))),
    BYBIT_MT4("bybit-mt4", "Bybit's MetaTrader 4 kline download (CSV without a header, 6 columns"
            + " yyyy.MM.dd HH:mm,open,high,low,close,volume, times at UTC+3)", 6, List.of()),
    HYPERLIQUID("hyperliquid", "Hyperliquid candleSnapshot (a JSON list of {\"t\",\"o\",\"h\",\"l\",\"c\",...})",
            0, List.of(List.of("t", "T", "s", "i", "o", "c", "h", "l", "v", "n"))),
    OHLC("ohlc", "any CSV whose header names the columns (time or timestamp or date, open, high, low, close;"
            + " others ignored) or a JSON list of objects with those fields", 0, List.of());

    /** The name a scenario's {@code format} or nothing at all ({@code auto}) chooses. */
    public static final String AUTO = "auto";

    private final String id;
    private final String description;
    private final int columns;
    private final List<List<String>> headers;

    CandleFormat(String id, String description, int columns, List<List<String>> headers) {
        this.id = id;
        this.description = description;
        this.columns = columns;
        this.headers = headers;
    }

    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** How many columns a row of this venue's export has without a header; 0 when it is never written so. */
    int columns() {
        return columns;
    }

    /**
     * The venue whose export has exactly these column names (as written, in order: a JSON
     * object's fields in any order), or {@code ohlc}.
     */
    static CandleFormat byNames(List<String> names, boolean anyOrder) {
        for (CandleFormat format : values()) {
            for (List<String> header : format.headers) {
                boolean same = anyOrder
                        ? header.size() == names.size() && names.containsAll(header)
                        : header.stream().map(CandleColumns::normalised).toList()
                                .equals(names.stream().map(CandleColumns::normalised).toList());
                if (same) {
                    return format;
                }
            }
        }
        return OHLC;
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
