package dev.margintopup.local.candles;

/**
 * A candle file that cannot be replayed, with where: {@code btc.csv: line 12, column 3 (high):
 * not a decimal number, got "abc"}. Nothing is played from such a file.
 */
public final class CandleFileException extends RuntimeException {

    public CandleFileException(String file, String where, String problem) {
        super(file + ": " + (where == null || where.isEmpty() ? "" : where + ": ") + problem);
    }
}
