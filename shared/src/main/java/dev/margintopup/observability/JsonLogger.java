package dev.margintopup.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Set;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/** One logger of {@link JsonLogging}: writes each event it is enabled for as one JSON line on stdout. */
final class JsonLogger extends LegacyAbstractLogger {

    private static final JsonFactory JSON = new JsonFactory();
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    /** Written first, in this order, when the MDC has them: Powertools' Lambda layout's order. */
    private static final String[] INVOCATION_FIELDS = {"cold_start", "function_arn", "function_memory_size",
            "function_name", "function_request_id", "function_version"};
    private static final Set<String> WRITTEN_FIRST = Set.of(INVOCATION_FIELDS);
    private static final String SERVICE = serviceName();

    private final Level level;

    JsonLogger(String name, Level level) {
        this.name = name;
        this.level = level;
    }

    private static String serviceName() {
        String service = System.getenv("POWERTOOLS_SERVICE_NAME");
        return service == null || service.isBlank() ? "margin-topup" : service;
    }

    private boolean enabled(Level wanted) {
        return wanted.toInt() >= level.toInt();
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level at, Marker marker, String pattern, Object[] arguments,
            Throwable throwable) {
        var formatted = MessageFormatter.basicArrayFormat(pattern, arguments);
        String line = line(at, formatted, throwable, MDC.getCopyOfContextMap(), Instant.now());
        // The current System.out, as Log4j's follow="true" did: tests and local runs redirect it.
        var out = System.out;
        synchronized (out) {
            out.println(line);
        }
    }

    static String line(Level at, String message, Throwable throwable, Map<String, String> context, Instant now) {
        StringWriter text = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("level", at.name());
            json.writeStringField("message", message);
            if (throwable != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("message", throwable.getMessage());
                json.writeStringField("name", throwable.getClass().getName());
                StringWriter stack = new StringWriter();
                throwable.printStackTrace(new PrintWriter(stack));
                json.writeStringField("stack", stack.toString());
                json.writeEndObject();
            }
            if (context != null) {
                for (String field : INVOCATION_FIELDS) {
                    String value = context.get(field);
                    if (value != null) {
                        json.writeStringField(field, value);
                    }
                }
            }
            json.writeStringField("service", SERVICE);
            json.writeStringField("timestamp", TIMESTAMP.format(now));
            if (context != null) {
                String trace = context.get(Telemetry.XRAY_TRACE_ID);
                if (trace != null) {
                    json.writeStringField(Telemetry.XRAY_TRACE_ID, trace);
                }
                for (Map.Entry<String, String> entry : context.entrySet()) {
                    if (!WRITTEN_FIRST.contains(entry.getKey()) && !entry.getKey().equals(Telemetry.XRAY_TRACE_ID)) {
                        json.writeStringField(entry.getKey(), entry.getValue());
                    }
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a log line", e);
        }
        return text.toString();
    }
}
