package dev.margintopup.local.candles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.policy.Candle;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's exported one-minute candles, read into a gap-free minute series ready to replay.
 *
 * <p>What is accepted is listed in {@link CandleFormat}; {@code auto} tells them apart by shape
 * (a JSON list of rows is Binance, {@code result.list} Bybit, {@code data} OKX; a CSV by its
 * header, or without one by its number of columns). Rules, so that a replay never plays something
 * the file did not say:
 *
 * <ul>
 *   <li>a row that cannot be read is refused with its line (CSV) or row (JSON) and its column;
 *   <li>rows may come in any order (Bybit and OKX answer newest first): they are sorted by open time;
 *   <li>a minute given twice with the same prices is kept once; given twice with different prices
 *       it is refused, naming both rows;
 *   <li>candles must be one minute apart at most; a file of longer candles is refused;
 *   <li>a missing minute (the venue printed no candle) is filled with a flat candle at the
 *       previous close, and counted in {@link #filledMinutes}.
 * </ul>
 *
 * @param symbol the symbol the file names (Bybit's answer, or a file name such as
 *     {@code BTCUSDT-1m-2024-03-01.csv}), or {@code null}
 * @param minutes one candle per minute from the first to the last, oldest first
 */
public record CandleFile(
        String source, CandleFormat format, String symbol, List<Candle> minutes, int filledMinutes,
        int duplicatesDropped) {

    /** A week, the longest a scenario plays; checked while gaps are filled so a bad file cannot exhaust memory. */
    public static final int MAX_MINUTES = 7 * 24 * 60 + 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> COLUMN_NAMES = List.of("open time", "open", "high", "low", "close");
    private static final List<List<String>> HEADER_NAMES = List.of(
            List.of("open_time", "opentime", "starttime", "start_time", "ts", "timestamp", "time", "open time"),
            List.of("open", "o", "openprice", "open_price"),
            List.of("high", "h", "highprice", "high_price"),
            List.of("low", "l", "lowprice", "low_price"),
            List.of("close", "c", "closeprice", "close_price"));
    /** Open times at or above this are microseconds (Binance's newer dumps): 1e14 ms is the year 5138. */
    private static final long MICROSECONDS_FROM = 100_000_000_000_000L;
    private static final Pattern SYMBOL_IN_NAME = Pattern.compile("^([A-Z0-9]{2,28}(?:USDT|USDC))(?:[-_.].*)?$");
    private static final Pattern OKX_SWAP_IN_NAME = Pattern.compile("^([A-Z0-9]{2,24})-(USDT|USDC)-SWAP(?:[-_.].*)?$");

    public CandleFile {
        minutes = List.copyOf(minutes);
    }

    /** One row as read, before sorting: where it was, for messages. */
    private record Row(Candle candle, String where) {}

    /** Reads {@code file}; {@code format} is {@code auto} or one of {@link CandleFormat#ids()}. */
    public static CandleFile read(Path file, String format) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CandleFileException(file.toString(), "", "cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return parse(file.toString(), text, format, symbolFromName(file.getFileName().toString()));
    }

    /**
     * Reads the text of an export; {@code source} names it in messages.
     *
     * @param symbolHint the symbol the file's name gives, or {@code null}
     */
    public static CandleFile parse(String source, String text, String format, String symbolHint) {
        CandleFormat wanted = wanted(source, format);
        String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
        String start = body.stripLeading();
        if (start.isEmpty()) {
            throw new CandleFileException(source, "", "the file is empty; expected one of: " + CandleFormat.known());
        }
        Reading reading = start.charAt(0) == '[' || start.charAt(0) == '{'
                ? json(source, body, wanted)
                : csv(source, body, wanted);
        String symbol = reading.symbol != null ? reading.symbol : symbolHint;
        return normalise(source, reading.format, symbol, reading.rows);
    }

    private record Reading(CandleFormat format, String symbol, List<Row> rows) {}

    private static CandleFormat wanted(String source, String format) {
        if (format == null || format.equals(CandleFormat.AUTO)) {
            return null;
        }
        return CandleFormat.byId(format).orElseThrow(() -> new CandleFileException(source, "format",
                "unknown format \"" + format + "\"; known: " + String.join(", ", CandleFormat.ids())));
    }

    // ---- JSON: what the venues' REST endpoints answer ----

    private static Reading json(String source, String body, CandleFormat wanted) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new CandleFileException(source, at == null ? "" : "line " + at.getLineNr() + ", column "
                    + at.getColumnNr(), "not valid JSON: " + e.getOriginalMessage());
        }
        CandleFormat format;
        JsonNode list;
        String symbol = null;
        if (root.isArray()) {
            format = CandleFormat.BINANCE_USDM;
            list = root;
        } else if (root.path("result").path("list").isArray()) {
            format = CandleFormat.BYBIT_V5;
            if (root.has("retCode") && root.path("retCode").asInt(-1) != 0) {
                throw new CandleFileException(source, "retCode", "the file is Bybit's error answer ("
                        + root.path("retCode").asText() + " " + root.path("retMsg").asText() + "), not candles");
            }
            list = root.path("result").path("list");
            symbol = root.path("result").path("symbol").isTextual() ? root.path("result").path("symbol").asText() : null;
        } else if (root.path("data").isArray()) {
            format = CandleFormat.OKX_V5;
            if (root.has("code") && !root.path("code").asText().equals("0")) {
                throw new CandleFileException(source, "code", "the file is OKX's error answer ("
                        + root.path("code").asText() + " " + root.path("msg").asText() + "), not candles");
            }
            list = root.path("data");
        } else {
            throw new CandleFileException(source, "", "JSON that is no candle export this replay knows (a list of"
                    + " rows, an object with result.list, or one with data); known formats: " + CandleFormat.known());
        }
        matches(source, wanted, format);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode row = list.get(i);
            String where = "row " + (i + 1);
            if (!row.isArray() || row.size() < COLUMN_NAMES.size()) {
                throw new CandleFileException(source, where, "must be a list of at least open time, open, high, low,"
                        + " close as " + format.id() + " writes it, got " + abbreviate(row.toString()));
            }
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(cell.isValueNode() ? cell.asText() : cell.toString()));
            rows.add(new Row(candle(source, where + ", ", cells), where));
        }
        return new Reading(format, symbol, rows);
    }

    // ---- CSV: the venues' downloads, and the REST columns written out ----

    private static Reading csv(String source, String body, CandleFormat wanted) {
        String[] lines = body.split("\r?\n", -1);
        CandleFormat format = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            List<String> cells = List.of(line.split(",", -1)).stream().map(c -> unquote(c.strip())).toList();
            String where = "line " + (i + 1);
            if (format == null) {
                format = layout(source, where, cells, wanted);
                if (!isWholeNumber(cells.getFirst())) {
                    continue;
                }
            }
            if (cells.size() != format.columns()) {
                throw new CandleFileException(source, where, "has " + cells.size() + " columns; a " + format.id()
                        + " row has " + format.columns());
            }
            rows.add(new Row(candle(source, where + ", ", cells), where));
        }
        if (format == null) {
            throw new CandleFileException(source, "", "the file has no rows");
        }
        return new Reading(format, null, rows);
    }

    /** The format of a CSV, from its first line: a header, or the first row's number of columns. */
    private static CandleFormat layout(String source, String where, List<String> first, CandleFormat wanted) {
        CandleFormat byColumns = null;
        for (CandleFormat format : CandleFormat.values()) {
            if (format.columns() == first.size()) {
                byColumns = format;
            }
        }
        boolean header = !isWholeNumber(first.getFirst());
        if (header) {
            for (int c = 0; c < COLUMN_NAMES.size() && c < first.size(); c++) {
                String name = first.get(c).toLowerCase(Locale.ROOT);
                if (!HEADER_NAMES.get(c).contains(name)) {
                    throw new CandleFileException(source, where + ", column " + (c + 1), "the header names \""
                            + abbreviate(first.get(c)) + "\" where the " + COLUMN_NAMES.get(c) + " must be;"
                            + " known formats: " + CandleFormat.known());
                }
            }
        }
        if (byColumns == null) {
            throw new CandleFileException(source, where, (header ? "the header has " : "the first row has ")
                    + first.size() + " columns, which no known export has; known formats: " + CandleFormat.known());
        }
        matches(source, wanted, byColumns);
        return byColumns;
    }

    private static void matches(String source, CandleFormat wanted, CandleFormat found) {
        if (wanted != null && wanted != found) {
            throw new CandleFileException(source, "format", "is \"" + wanted.id() + "\" but the file is shaped like "
                    + found.description() + "; set \"format\" to \"" + found.id() + "\" or \"auto\"");
        }
    }

    // ---- one row ----

    private static Candle candle(String source, String where, List<String> cells) {
        Instant openTime = openTime(source, where + "column 1 (open time)", cells.getFirst());
        BigDecimal[] prices = new BigDecimal[4];
        for (int c = 1; c <= 4; c++) {
            String at = where + "column " + (c + 1) + " (" + COLUMN_NAMES.get(c) + ")";
            try {
                prices[c - 1] = new BigDecimal(cells.get(c));
            } catch (NumberFormatException e) {
                throw new CandleFileException(source, at, "not a decimal number, got \"" + abbreviate(cells.get(c)) + "\"");
            }
            if (prices[c - 1].signum() <= 0) {
                throw new CandleFileException(source, at, "a price must be positive, got " + cells.get(c));
            }
        }
        try {
            return new Candle(openTime, prices[0], prices[1], prices[2], prices[3]);
        } catch (IllegalArgumentException e) {
            throw new CandleFileException(source, where.substring(0, where.length() - 2), e.getMessage());
        }
    }

    private static Instant openTime(String source, String where, String cell) {
        if (!isWholeNumber(cell)) {
            throw new CandleFileException(source, where, "not epoch milliseconds, got \"" + abbreviate(cell) + "\"");
        }
        long value;
        try {
            value = Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new CandleFileException(source, where, "too large for epoch milliseconds: " + abbreviate(cell));
        }
        Instant time = value >= MICROSECONDS_FROM
                ? Instant.ofEpochSecond(value / 1_000_000, (value % 1_000_000) * 1_000)
                : Instant.ofEpochMilli(value);
        if (time.getEpochSecond() % 60 != 0 || time.getNano() != 0) {
            throw new CandleFileException(source, where, "not the start of a minute: " + time
                    + " (one-minute candles open on whole minutes)");
        }
        return time;
    }

    // ---- order, duplicates, gaps ----

    private static CandleFile normalise(String source, CandleFormat format, String symbol, List<Row> read) {
        if (read.isEmpty()) {
            throw new CandleFileException(source, "", "the file holds no candles");
        }
        List<Row> sorted = new ArrayList<>(read);
        sorted.sort(Comparator.comparing(row -> row.candle().openTime()));
        List<Row> unique = new ArrayList<>();
        int dropped = 0;
        for (Row row : sorted) {
            Row last = unique.isEmpty() ? null : unique.getLast();
            if (last != null && last.candle().openTime().equals(row.candle().openTime())) {
                if (!samePrices(last.candle(), row.candle())) {
                    throw new CandleFileException(source, row.where(), "gives the minute " + row.candle().openTime()
                            + " other prices than " + last.where() + "; remove one of them");
                }
                dropped++;
                continue;
            }
            unique.add(row);
        }
        Duration shortest = null;
        for (int i = 1; i < unique.size(); i++) {
            Duration step = Duration.between(unique.get(i - 1).candle().openTime(), unique.get(i).candle().openTime());
            shortest = shortest == null || step.compareTo(shortest) < 0 ? step : shortest;
        }
        if (shortest != null && shortest.toMinutes() > 1) {
            throw new CandleFileException(source, "", "its candles are " + shortest.toMinutes() + " minutes apart;"
                    + " a replay needs one-minute candles (interval 1m / 1)");
        }
        List<Candle> minutes = new ArrayList<>();
        int filled = 0;
        for (Row row : unique) {
            Candle candle = row.candle();
            while (!minutes.isEmpty() && minutes.getLast().openTime().plusSeconds(60).isBefore(candle.openTime())) {
                BigDecimal close = minutes.getLast().close();
                minutes.add(new Candle(minutes.getLast().openTime().plusSeconds(60), close, close, close, close));
                filled++;
                tooLong(source, minutes.size());
            }
            minutes.add(candle);
            tooLong(source, minutes.size());
        }
        return new CandleFile(source, format, symbol, minutes, filled, dropped);
    }

    private static void tooLong(String source, int size) {
        if (size > MAX_MINUTES) {
            throw new CandleFileException(source, "", "spans more than " + (MAX_MINUTES - 1) + " minutes (a week),"
                    + " gaps included; replay a shorter stretch");
        }
    }

    private static boolean samePrices(Candle a, Candle b) {
        return a.open().compareTo(b.open()) == 0 && a.high().compareTo(b.high()) == 0
                && a.low().compareTo(b.low()) == 0 && a.close().compareTo(b.close()) == 0;
    }

    /** The symbol in an export's usual file name: {@code BTCUSDT-1m-2024-03-01.csv}, {@code BTC-USDT-SWAP-...}. */
    static String symbolFromName(String fileName) {
        Matcher okx = OKX_SWAP_IN_NAME.matcher(fileName);
        if (okx.matches()) {
            return okx.group(1) + okx.group(2);
        }
        Matcher plain = SYMBOL_IN_NAME.matcher(fileName);
        return plain.matches() ? plain.group(1) : null;
    }

    private static boolean isWholeNumber(String cell) {
        return !cell.isEmpty() && cell.chars().allMatch(Character::isDigit);
    }

    private static String unquote(String cell) {
        return cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"") ? cell.substring(1, cell.length() - 1) : cell;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
