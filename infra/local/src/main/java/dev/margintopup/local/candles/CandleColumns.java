package dev.margintopup.local.candles;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Where a header puts what a replay reads: a CSV's first line, or a JSON object's field names.
 * Names are compared without case and without anything but letters and digits ({@code Open Time},
 * {@code open_time}, {@code openTime} and {@code <OPEN_TIME>} are one name); each column has a
 * list of names, the first found wins, and columns of other names are ignored.
 *
 * @param time the open time's column
 * @param date a date column the open time's column gives the time of day for, or -1
 * @param instrument the column naming the instrument, or -1
 * @param names the header as written
 */
record CandleColumns(int time, int date, int open, int high, int low, int close, int instrument, List<String> names) {

    static final List<String> TIME = List.of("opentime", "starttime", "startat", "timeopen", "opentimestamp", "start",
            "timestamp", "timestamputc", "ts", "t", "time", "timeutc", "unix", "unixtime", "datetime", "datetimeutc",
            "date", "dateutc");
    static final List<String> OPEN = List.of("open", "o", "openprice", "priceopen", "opening");
    static final List<String> HIGH = List.of("high", "h", "highprice", "pricehigh", "highest");
    static final List<String> LOW = List.of("low", "l", "lowprice", "pricelow", "lowest");
    static final List<String> CLOSE = List.of("close", "c", "closeprice", "priceclose", "closing");
    static final List<String> INSTRUMENT = List.of("instrumentname", "instrument", "instid", "symbol", "ticker", "pair");
    /** A time-of-day column that a date column completes. */
    private static final List<String> CLOCK = List.of("time", "timeutc");
    private static final List<String> DATE = List.of("date", "dateutc");

    /** What a message calls each column. */
    static final List<String> ROLES = List.of("open time", "open", "high", "low", "close");

    CandleColumns {
        names = List.copyOf(names);
    }

    /** The first five columns, as every venue writes its rows without a header. */
    static CandleColumns positional(int width) {
        return new CandleColumns(0, -1, 1, 2, 3, 4, -1, IntStream.range(0, width).mapToObj(i -> "").toList());
    }

    /**
     * Finds the columns in {@code names}.
     *
     * @param noun "column" (CSV) or "field" (JSON), for messages
     * @throws CandleFileException naming what is missing or given twice, and the names that were found
     */
    static CandleColumns of(String source, String where, List<String> names, String noun) {
        int time = find(source, where, names, noun, TIME, ROLES.get(0));
        int date = -1;
        if (CLOCK.contains(normalised(names.get(time)))) {
            date = find(source, where, names, noun, DATE, "date");
        }
        return new CandleColumns(time, date, find(source, where, names, noun, OPEN, ROLES.get(1)),
                find(source, where, names, noun, HIGH, ROLES.get(2)), find(source, where, names, noun, LOW, ROLES.get(3)),
                find(source, where, names, noun, CLOSE, ROLES.get(4)),
                find(source, where, names, noun, INSTRUMENT, "instrument"), names);
    }

    /** The positions of the open time, open, high, low and close, in that order. */
    List<Integer> read() {
        return List.of(time, open, high, low, close);
    }

    /** For messages: {@code column 9 (open time)}, or {@code field "h" (high)}. */
    String at(int position, String role, boolean byName) {
        return byName ? "field \"" + names.get(position) + "\" (" + role + ")"
                : "column " + (position + 1) + " (" + role + ")";
    }

    static String normalised(String name) {
        StringBuilder out = new StringBuilder();
        name.toLowerCase(Locale.ROOT).codePoints().filter(Character::isLetterOrDigit).forEach(out::appendCodePoint);
        return out.toString();
    }

    private static int find(String source, String where, List<String> names, String noun, List<String> synonyms,
            String role) {
        boolean required = ROLES.contains(role);
        for (String synonym : synonyms) {
            List<Integer> found = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (normalised(names.get(i)).equals(synonym)) {
                    found.add(i);
                }
            }
            if (found.size() > 1) {
                // Hyperliquid writes "t" (open) beside "T" (close): a one-letter name is read as written.
                List<Integer> exact = found.stream()
                        .filter(i -> synonym.length() == 1 && names.get(i).strip().equals(synonym)).toList();
                if (exact.size() != 1) {
                    throw new CandleFileException(source, where, "names the " + role + " " + noun + " more than once ("
                            + String.join(", ", found.stream().map(i -> "\"" + names.get(i) + "\"").toList())
                            + "); keep one");
                }
                return exact.getFirst();
            }
            if (found.size() == 1) {
                return found.getFirst();
            }
        }
        if (required) {
            throw new CandleFileException(source, where, "no " + noun + " is the " + role + " (one named "
                    + String.join(" or ", synonyms) + " is needed, in any case); the " + noun + "s are "
                    + CandleFile.abbreviate(String.join(",", names), 120) + ". Name the " + noun + "s, e.g. "
                    + (noun.equals("column") ? "a first line time,open,high,low,close" : "{\"t\",\"o\",\"h\",\"l\",\"c\"}"));
        }
        return -1;
    }
}
