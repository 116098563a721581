package dev.margintopup.local.candles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margintopup.policy.Candle;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A user's exported one-minute candles, read into a gap-free minute series ready to replay.
 *
 * <p>What is accepted is listed in {@link CandleFormat}; {@code auto} tells them apart by shape
 * (a JSON list of rows is Binance, of objects Hyperliquid or named fields, {@code result.list}
 * Bybit, {@code data} OKX; a CSV with a header by its column names, one without by its number of
 * columns). Rules, so that a replay never plays something the file did not say:
 *
 * <ul>
 *   <li>a row that cannot be read is refused with its line (CSV) or row (JSON), its column and what
 *       it holds; so is a file whose rows name more than one instrument;
 *   <li>rows may come in any order (Bybit and OKX answer newest first): they are sorted by open time;
 *   <li>a minute given twice with the same prices is kept once; given twice with different prices
 *       it is refused, naming both rows;
 *   <li>candles must be one minute apart at most; a file of longer candles is refused;
 *   <li>a missing minute (the venue printed no candle) is filled with a flat candle at the
 *       previous close, and counted in {@link #filledMinutes}.
 * </ul>
 *
 * @param symbol the symbol the file names (Bybit's answer, an instrument column such as OKX's
 *     {@code instrument_name}, or a file name such as {@code BTCUSDT-1m-2024-03-01.csv}), or {@code null}
 * @param minutes one candle per minute from the first to the last, oldest first
 */
public record CandleFile(
        String source, CandleFormat format, String symbol, List<Candle> minutes, int filledMinutes,
        int duplicatesDropped) {

    /** A week, the longest a scenario plays; checked while gaps are filled so a bad file cannot exhaust memory. */
    public static final int MAX_MINUTES = 7 * 24 * 60 + 1;
    /** The most text a candle file may hold: a week of one-minute rows of any venue is a few MiB. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> COLUMN_NAMES = CandleColumns.ROLES;
    /** Bybit's MetaTrader download keeps MetaTrader's usual server clock, UTC+3, summer and winter alike. */
    private static final ZoneOffset BYBIT_MT4_CLOCK = ZoneOffset.ofHours(3);
    private static final Pattern BYBIT_MT4_TIME = Pattern.compile("\\d{4}\\.\\d{2}\\.\\d{2} \\d{2}:\\d{2}(:\\d{2})?");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern SYMBOL_IN_NAME = Pattern.compile("^([A-Z0-9]{2,28}(?:USDT|USDC))(?:[-_.].*)?$");
    private static final Pattern OKX_SWAP_IN_NAME = Pattern.compile("^([A-Z0-9]{2,24})-(USDT|USDC)-SWAP(?:[-_.].*)?$");

    public CandleFile {
        minutes = List.copyOf(minutes);
    }

    /** One row as read, before sorting: where it was, for messages. */
    private record Row(Candle candle, String where) {}

    /**
     * Reads {@code file}; {@code format} is {@code auto} or one of {@link CandleFormat#ids()}. The
     * file may be as downloaded: gzip ({@code .csv.gz}, Bybit) or a zip of one file ({@code .zip},
     * Binance and OKX).
     */
    public static CandleFile read(Path file, String format) {
        String source = file.toString();
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new CandleFileException(source, "", "cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        String name = file.getFileName().toString();
        try {
            if (bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
                try (InputStream gzip = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
                    bytes = gzip.readNBytes(MAX_BYTES + 1);
                }
                name = name.replaceAll("(?i)\\.gz$", "");
            } else if (bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4) {
                try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
                    ZipEntry entry = zip.getNextEntry();
                    while (entry != null && entry.isDirectory()) {
                        entry = zip.getNextEntry();
                    }
                    if (entry == null) {
                        throw new CandleFileException(source, "", "a zip archive holding no file");
                    }
                    name = Path.of(entry.getName()).getFileName().toString();
                    bytes = zip.readNBytes(MAX_BYTES + 1);
                    ZipEntry other = zip.getNextEntry();
                    if (other != null && !other.isDirectory()) {
                        throw new CandleFileException(source, "", "a zip archive of several files (" + name + ", "
                                + other.getName() + ", ...); unzip it and replay one");
                    }
                }
            }
        } catch (IOException e) {
            throw new CandleFileException(source, "", "a damaged archive (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (bytes.length > MAX_BYTES) {
            throw new CandleFileException(source, "", "larger than " + MAX_BYTES / (1024 * 1024) + " MiB, far more"
                    + " than a week of one-minute candles; replay a shorter stretch");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CandleFileException(source, "", "not text (UTF-8); if it is a spreadsheet, save it as CSV");
        }
        return parse(source, text, format, symbolFromName(name));
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
        if (root.isArray() && !root.isEmpty() && root.get(0).isObject()) {
            return named(source, root, wanted);
        } else if (root.isArray()) {
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
                    + " rows, a list of objects, an object with result.list, or one with data); known formats: "
                    + CandleFormat.known());
        }
        matches(source, wanted, format, false);
        CandleColumns columns = CandleColumns.positional(COLUMN_NAMES.size());
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode row = list.get(i);
            String where = "row " + (i + 1);
            if (!row.isArray() || row.size() < COLUMN_NAMES.size()) {
                throw new CandleFileException(source, where, "must be a list of at least open time, open, high, low,"
                        + " close as " + format.id() + " writes it, got " + abbreviate(row.toString()));
            }
            List<String> cells = new ArrayList<>();
            row.forEach(cell -> cells.add(text(cell)));
            rows.add(new Row(candle(source, where, cells, columns, false, ZoneOffset.UTC), where));
        }
        return new Reading(format, symbol, rows);
    }

    /** A JSON list of objects naming their fields: Hyperliquid's candleSnapshot, or any export of that shape. */
    private static Reading named(String source, JsonNode list, CandleFormat wanted) {
        List<String> names = new ArrayList<>();
        list.get(0).fieldNames().forEachRemaining(names::add);
        CandleFormat format = CandleFormat.byNames(names, true);
        matches(source, wanted, format, true);
        CandleColumns columns = CandleColumns.of(source, "row 1", names, "field");
        List<Row> rows = new ArrayList<>();
        String instrument = null;
        for (int i = 0; i < list.size(); i++) {
            JsonNode row = list.get(i);
            String where = "row " + (i + 1);
            if (!row.isObject()) {
                throw new CandleFileException(source, where, "must be an object like row 1, got "
                        + abbreviate(row.toString()));
            }
            List<String> cells = new ArrayList<>();
            for (String name : names) {
                JsonNode cell = row.get(name);
                cells.add(cell == null || cell.isNull() ? "" : text(cell));
            }
            for (int c : columns.read()) {
                if (!row.has(names.get(c))) {
                    throw new CandleFileException(source, where, "has no field \"" + names.get(c) + "\"; every"
                            + " candle needs the open time, open, high, low and close row 1 gives");
                }
            }
            instrument = sameInstrument(source, where, columns, cells, instrument, true);
            rows.add(new Row(candle(source, where, cells, columns, true, ZoneOffset.UTC), where));
        }
        return new Reading(format, symbolOf(instrument), rows);
    }

    private static String text(JsonNode cell) {
        return cell.isValueNode() ? cell.asText().strip() : cell.toString();
    }

    // ---- CSV: the venues' downloads, the REST columns written out, and any export with a header ----

    private static Reading csv(String source, String body, CandleFormat wanted) {
        String[] lines = body.split("\r?\n|\r", -1);
        int first = nextLine(lines, 0);
        if (first < 0) {
            throw new CandleFileException(source, "", "the file has no rows");
        }
        char separator = separator(lines[first]);
        List<String> cells = cells(lines[first], separator);
        if (cells.size() == 1 && isHeader(cells) && nextLine(lines, first + 1) >= 0) {
            // A title above the header, as some data sites write their address: it is not a row.
            first = nextLine(lines, first + 1);
            separator = separator(lines[first]);
            cells = cells(lines[first], separator);
        }
        String where = "line " + (first + 1);
        CandleFormat format;
        CandleColumns columns;
        ZoneOffset zone = ZoneOffset.UTC;
        int data = first;
        boolean header = isHeader(cells);
        if (header) {
            format = CandleFormat.byNames(cells, false);
            matches(source, wanted, format, true);
            columns = CandleColumns.of(source, where, cells, "column");
            data = first + 1;
        } else {
            format = layout(source, where, cells, wanted);
            columns = CandleColumns.positional(format.columns());
            zone = format == CandleFormat.BYBIT_MT4 ? BYBIT_MT4_CLOCK : ZoneOffset.UTC;
        }
        List<Row> rows = new ArrayList<>();
        String instrument = null;
        for (int i = data; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> row = cells(lines[i], separator);
            where = "line " + (i + 1);
            if (row.size() != columns.names().size()) {
                throw new CandleFileException(source, where, "has " + row.size() + " columns; "
                        + (header ? "the header has " + columns.names().size()
                                : "a " + format.id() + " row has " + format.columns()));
            }
            instrument = sameInstrument(source, where, columns, row, instrument, false);
            rows.add(new Row(candle(source, where, row, columns, false, zone), where));
        }
        return new Reading(format, symbolOf(instrument), rows);
    }

    /** The format of a CSV without a header, from its first row's number of columns. */
    private static CandleFormat layout(String source, String where, List<String> first, CandleFormat wanted) {
        CandleFormat byColumns = null;
        for (CandleFormat format : CandleFormat.values()) {
            if (format.columns() == first.size()) {
                byColumns = format;
            }
        }
        if (byColumns == CandleFormat.BYBIT_MT4 && !BYBIT_MT4_TIME.matcher(first.getFirst()).matches()) {
            byColumns = null;
        }
        if (byColumns == null) {
            throw new CandleFileException(source, where, "the first row has " + first.size() + " columns, which no"
                    + " known export has without a header; if it is another export, add a first line naming its"
                    + " columns, e.g. time,open,high,low,close,volume. Known formats: " + CandleFormat.known());
        }
        matches(source, wanted, byColumns, false);
        return byColumns;
    }

    /**
     * Refuses a file that is not the {@code format} its scenario names. A file read by its column
     * names contradicts a venue's format only when its header is another venue's: a header of the
     * venue's columns under other names ({@code quote_asset_volume} for {@code quote_volume}) is read
     * all the same.
     */
    private static void matches(String source, CandleFormat wanted, CandleFormat found, boolean byNames) {
        boolean named = byNames && (wanted == CandleFormat.OHLC || found == CandleFormat.OHLC);
        if (wanted != null && wanted != found && !named) {
            throw new CandleFileException(source, "format", "is \"" + wanted.id() + "\" but the file is shaped like "
                    + found.description() + "; set \"format\" to \"" + found.id() + "\" or \"auto\"");
        }
    }

    /** A header is a line none of whose cells is a number: every candle row has its prices. */
    private static boolean isHeader(List<String> cells) {
        return cells.stream().noneMatch(CandleFile::isDecimal);
    }

    private static int nextLine(String[] lines, int from) {
        for (int i = from; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** Comma, semicolon or tab: whichever the line holds most of outside quotes (a comma when none). */
    private static char separator(String line) {
        char best = ',';
        int most = 0;
        for (char candidate : new char[] {',', ';', '\t'}) {
            int count = cells(line, candidate).size() - 1;
            if (count > most) {
                best = candidate;
                most = count;
            }
        }
        return best;
    }

    /** One line's cells: stripped, double quotes around a cell removed ({@code ""} inside is one quote). */
    private static List<String> cells(String line, char separator) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                cell.append('"');
                i++;
            } else if (ch == '"') {
                quoted = !quoted;
            } else if (ch == separator && !quoted) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(ch);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    // ---- one row ----

    private static Candle candle(String source, String where, List<String> cells, CandleColumns columns,
            boolean byName, ZoneOffset zone) {
        String time = cells.get(columns.time());
        if (columns.date() >= 0 && OpenTime.isClock(time)) {
            time = cells.get(columns.date()) + " " + time;
        }
        String timeAt = where + ", " + columns.at(columns.time(), COLUMN_NAMES.getFirst(), byName);
        Instant openTime;
        try {
            openTime = OpenTime.parse(time, zone);
        } catch (IllegalArgumentException e) {
            throw new CandleFileException(source, timeAt, e.getMessage());
        }
        if (openTime.getEpochSecond() % 60 != 0 || openTime.getNano() != 0) {
            throw new CandleFileException(source, timeAt, "not the start of a minute: " + openTime
                    + " (one-minute candles open on whole minutes)");
        }
        BigDecimal[] prices = new BigDecimal[4];
        for (int c = 1; c <= 4; c++) {
            int position = columns.read().get(c);
            String cell = cells.get(position);
            String at = where + ", " + columns.at(position, COLUMN_NAMES.get(c), byName);
            if (!isDecimal(cell)) {
                throw new CandleFileException(source, at, "not a decimal number, got \"" + abbreviate(cell) + "\""
                        + (cell.matches("\\d+,\\d+") ? " (write decimals with a point)" : ""));
            }
            prices[c - 1] = new BigDecimal(cell);
            if (prices[c - 1].signum() <= 0) {
                throw new CandleFileException(source, at, "a price must be positive, got " + cell);
            }
        }
        try {
            return new Candle(openTime, prices[0], prices[1], prices[2], prices[3]);
        } catch (IllegalArgumentException e) {
            throw new CandleFileException(source, where, e.getMessage());
        }
    }

    /** The one instrument a file's rows name, if they name one; a file of several is refused. */
    private static String sameInstrument(String source, String where, CandleColumns columns, List<String> cells,
            String before, boolean byName) {
        if (columns.instrument() < 0) {
            return null;
        }
        String instrument = cells.get(columns.instrument());
        if (before != null && !before.equals(instrument)) {
            throw new CandleFileException(source, where + ", " + columns.at(columns.instrument(), "instrument", byName),
                    "\"" + abbreviate(instrument) + "\" where the rows before name \"" + abbreviate(before)
                            + "\"; a replay plays one instrument: keep its rows only");
        }
        return instrument;
    }

    private static boolean isDecimal(String cell) {
        return DECIMAL.matcher(cell).matches();
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

    /** The symbol an instrument column names ({@code BTC-USDT-SWAP}, {@code BTC/USDT:USDT}, {@code BTCUSDT}), if a linear one. */
    static String symbolOf(String instrument) {
        if (instrument == null || instrument.isEmpty()) {
            return null;
        }
        String upper = instrument.toUpperCase(Locale.ROOT);
        Matcher okx = OKX_SWAP_IN_NAME.matcher(upper);
        if (okx.matches()) {
            return okx.group(1) + okx.group(2);
        }
        Matcher plain = SYMBOL_IN_NAME.matcher(upper.replaceAll(":.*$", "").replaceAll("[-/_]", ""));
        return plain.matches() ? plain.group(1) : null;
    }

    static String abbreviate(String text) {
        return abbreviate(text, 40);
    }

    static String abbreviate(String text, int most) {
        return text.length() > most ? text.substring(0, most) + "..." : text;
    }
}
