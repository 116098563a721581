package dev.margintopup.observability;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The functions' SLF4J backend: one JSON object a line on stdout, in the fields Powertools'
 * Lambda layout writes ({@code level}, {@code message}, {@code error}, {@code function_name},
 * {@code cold_start}, {@code service}, {@code timestamp}, ... and every MDC key, such as
 * {@code accountId}). It replaces Log4j, whose plugin scan and configuration were a seventh of
 * each function's jar and most of its logging start-up, for the one appender and layout the
 * functions used (decision 0019).
 *
 * <p>Levels: the product's loggers ({@code dev.margintopup.*}) log at {@code LOG_LEVEL}, else at
 * Lambda's application log level ({@code AWS_LAMBDA_LOG_LEVEL}, set by the template's
 * {@code ApplicationLogLevel}), else INFO; every other logger (the SDK, the metrics library) at
 * WARN. A line below its level is never written, so never ingested.
 */
public final class JsonLogging implements SLF4JServiceProvider {

    /** What loggers outside the product log at: their warnings and errors, nothing chatty. */
    static final Level LIBRARY_LEVEL = Level.WARN;

    private static final String PRODUCT = "dev.margintopup";

    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new BasicMDCAdapter();
    private Level productLevel = Level.INFO;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return name -> loggers.computeIfAbsent(name, n -> new JsonLogger(n, levelFor(n)));
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        productLevel = productLevel(System.getenv("LOG_LEVEL"), System.getenv("AWS_LAMBDA_LOG_LEVEL"));
    }

    Level levelFor(String loggerName) {
        return loggerName.equals(PRODUCT) || loggerName.startsWith(PRODUCT + ".") ? productLevel : LIBRARY_LEVEL;
    }

    /**
     * The product's level from {@code LOG_LEVEL}, else Lambda's application level, else INFO.
     * Lambda's FATAL maps to ERROR (SLF4J has no FATAL); a value that names no level is ignored.
     */
    static Level productLevel(String logLevel, String lambdaLevel) {
        for (String value : new String[] {logLevel, lambdaLevel}) {
            if (value == null || value.isBlank()) {
                continue;
            }
            String name = value.trim().toUpperCase(Locale.ROOT);
            if (name.equals("FATAL")) {
                return Level.ERROR;
            }
            for (Level level : Level.values()) {
                if (level.name().equals(name)) {
                    return level;
                }
            }
        }
        return Level.INFO;
    }
}
