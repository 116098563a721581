package dev.margintopup.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;

/** The baseline of {@link ColdInit}: a handler that builds nothing, loaded from a function's own jar. */
public final class EmptyHandler implements RequestStreamHandler {

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) {
        // Nothing: what a fresh JVM costs before any of the function's own work.
    }
}
