package dev.margintopup.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Catches what the functions log. Their JSON lines go to System.out (the log configuration
 * follows it); while a history plays on a thread, that thread's lines go into the history's
 * buffer, where the no-secret invariant reads them. Other threads' output passes through.
 */
final class LogCapture {

    // Inherited: the tick hands checks on from threads of its own, started by the history's thread.
    private static final ThreadLocal<ByteArrayOutputStream> CAPTURING = new InheritableThreadLocal<>();
    private static PrintStream original;

    private LogCapture() {}

    static synchronized void begin(ByteArrayOutputStream into) {
        if (original == null) {
            original = System.out;
            PrintStream passThrough = original;
            System.setOut(new PrintStream(new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    target().write(b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    target().write(bytes, offset, length);
                }

                private OutputStream target() {
                    ByteArrayOutputStream buffer = CAPTURING.get();
                    return buffer != null ? buffer : passThrough;
                }
            }, true, StandardCharsets.UTF_8));
        }
        CAPTURING.set(into);
    }

    static void end() {
        CAPTURING.remove();
    }
}
