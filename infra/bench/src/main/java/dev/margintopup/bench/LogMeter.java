package dev.margintopup.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the functions' stdout: counts the bytes and lines they write (what CloudWatch
 * Logs would ingest: JSON log lines and EMF metric lines) and passes them on to a file.
 */
final class LogMeter extends OutputStream {

    private final OutputStream sink;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lines = new AtomicLong();

    LogMeter(OutputStream sink) {
        this.sink = sink;
    }

    /** Bytes and lines written so far. */
    record Reading(long bytes, long lines) {
        Reading since(Reading earlier) {
            return new Reading(bytes - earlier.bytes, lines - earlier.lines);
        }
    }

    Reading read() {
        return new Reading(bytes.get(), lines.get());
    }

    @Override
    public void write(int b) throws IOException {
        bytes.incrementAndGet();
        if (b == '\n') {
            lines.incrementAndGet();
        }
        sink.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        bytes.addAndGet(len);
        int newlines = 0;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                newlines++;
            }
        }
        lines.addAndGet(newlines);
        sink.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
        sink.flush();
    }

    @Override
    public void close() throws IOException {
        sink.close();
    }
}
