package dev.margintopup.local.candles;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A candle's open time as exports write it: epoch time whose unit its magnitude tells, or a date
 * and time, UTC unless it gives an offset. The rules are {@link CandleFormat}'s.
 */
final class OpenTime {

    /** Below this an epoch time is seconds (up to the year 5138); from it, milliseconds (from 1973-03-03). */
    static final BigDecimal MILLISECONDS_FROM = new BigDecimal("1e11");
    /** From this, microseconds: 10^14 ms is the year 5138, 10^14 µs is 1973-03-03. */
    static final BigDecimal MICROSECONDS_FROM = new BigDecimal("1e14");
    /** From this, nanoseconds (pandas' integer datetimes). */
    static final BigDecimal NANOSECONDS_FROM = new BigDecimal("1e17");
    private static final BigDecimal TOO_LARGE = new BigDecimal("1e20");

    private static final Pattern EPOCH = Pattern.compile("\\d+(\\.\\d+)?([eE]\\+?\\d+)?");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})([-./])(\\d{1,2})\\2(\\d{1,2})"
                    + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
                    + " ?(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?",
            Pattern.CASE_INSENSITIVE);
    /** A time of day alone, as a separate {@code time} column beside a {@code date} one writes it. */
    private static final Pattern CLOCK = Pattern.compile("\\d{1,2}:\\d{2}(:\\d{2}([.,]\\d{1,9})?)?");

    static final String EXPECTED = "expected epoch seconds, milliseconds or microseconds, or a date and time"
            + " such as 2025-03-03 00:00:00 or 2025-03-03T00:00:00Z (UTC unless it gives an offset)";

    private OpenTime() {}

    /**
     * @param zone the offset of a date and time that gives none
     * @throws IllegalArgumentException saying what was found and what was expected
     */
    static Instant parse(String cell, ZoneOffset zone) {
        if (EPOCH.matcher(cell).matches()) {
            return epoch(cell);
        }
        Matcher m = DATE_TIME.matcher(cell);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a time, got \"" + CandleFile.abbreviate(cell) + "\"; " + EXPECTED);
        }
        if (m.group(5) == null) {
            throw new IllegalArgumentException("a date without a time of day, got \"" + CandleFile.abbreviate(cell)
                    + "\"; one-minute candles need their minute: " + EXPECTED);
        }
        try {
            String fraction = m.group(8) == null ? "0" : (m.group(8) + "00000000").substring(0, 9);
            LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(3)),
                    Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    m.group(7) == null ? 0 : Integer.parseInt(m.group(7)), Integer.parseInt(fraction));
            return local.toInstant(offset(m.group(9), zone));
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("not a calendar date and time, got \"" + CandleFile.abbreviate(cell)
                    + "\" (" + e.getMessage() + ")");
        }
    }

    /** Whether {@code cell} is a time of day alone, {@code 14:05} or {@code 14:05:00}. */
    static boolean isClock(String cell) {
        return CLOCK.matcher(cell).matches();
    }

    private static Instant epoch(String cell) {
        BigDecimal value = new BigDecimal(cell);
        if (value.compareTo(TOO_LARGE) >= 0) {
            throw new IllegalArgumentException("too large for an epoch time, got " + CandleFile.abbreviate(cell)
                    + "; " + EXPECTED);
        }
        BigDecimal perSecond = value.compareTo(MILLISECONDS_FROM) < 0 ? BigDecimal.ONE
                : value.compareTo(MICROSECONDS_FROM) < 0 ? new BigDecimal("1e3")
                : value.compareTo(NANOSECONDS_FROM) < 0 ? new BigDecimal("1e6")
                : new BigDecimal("1e9");
        BigDecimal seconds = value.divide(perSecond);
        BigInteger whole = seconds.toBigInteger();
        BigDecimal nanos = seconds.subtract(new BigDecimal(whole)).movePointRight(9);
        return Instant.ofEpochSecond(whole.longValueExact(), nanos.setScale(0, java.math.RoundingMode.DOWN).longValue());
    }

    private static ZoneOffset offset(String given, ZoneOffset zone) {
        if (given == null) {
            return zone;
        }
        String upper = given.toUpperCase(Locale.ROOT);
        if (upper.equals("Z") || upper.equals("UTC") || upper.equals("GMT")) {
            return ZoneOffset.UTC;
        }
        String digits = upper.replace(":", "");
        return ZoneOffset.ofHoursMinutes(Integer.parseInt(digits.substring(0, 3)),
                (digits.charAt(0) == '-' ? -1 : 1) * (digits.length() > 3 ? Integer.parseInt(digits.substring(3)) : 0));
    }
}
