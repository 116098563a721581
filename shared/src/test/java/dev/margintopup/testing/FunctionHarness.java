package dev.margintopup.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a handler on the example events in {@code events/}, the way Lambda runs it: the file's
 * bytes in, the function's JSON result out. The same files load as the typed records the shared
 * code receives, so a handler test can say "this file, as this record, reached the service".
 */
public final class FunctionHarness {

    private FunctionHarness() {}

    /** The repository's {@code events/} folder, found from the module the test runs in. */
    public static Path eventsFolder() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ folder above " + Path.of("").toAbsolutePath());
    }

    /** Every example event's file name. */
    public static List<String> eventFiles() {
        try (Stream<Path> files = Files.list(eventsFolder())) {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(eventsFolder().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode event(String file) {
        return Json.read(new ByteArrayInputStream(bytes(file)));
    }

    /** The file as the boundary record its function reads it into. */
    public static <T> T typed(String file, Class<T> record) {
        return Json.decode(event(file), record, file);
    }

    /** Invokes {@code handler} with the file's bytes and returns its result. */
    public static JsonNode invoke(RequestStreamHandler handler, String file) {
        return invoke(handler, bytes(file));
    }

    public static JsonNode invoke(RequestStreamHandler handler, byte[] event) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (InputStream input = new ByteArrayInputStream(event)) {
            handler.handleRequest(input, output, context());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Json.read(new ByteArrayInputStream(output.toByteArray()));
    }

    /** A result of an event the function refuses: {@code BAD_INPUT}, with a message containing {@code words}. */
    public static void assertBadInput(JsonNode result, String... words) {
        assertThat(result.path("error").asText()).as("result %s", result).isEqualTo("BAD_INPUT");
        assertThat(result.path("message").asText()).as("the message says what is wrong").isNotBlank();
        if (words.length > 0) {
            assertThat(result.path("message").asText()).contains(words);
        }
    }

    /** The context Lambda passes, with made-up ids; what the handlers never read is null. */
    static Context context() {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAwsRequestId" -> "00000000-0000-4000-8000-000000000000";
                    case "getFunctionName", "getLogStreamName" -> "test";
                    case "getLogGroupName" -> "/aws/lambda/test";
                    case "getFunctionVersion" -> "$LATEST";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:test";
                    case "getRemainingTimeInMillis" -> 30_000;
                    case "getMemoryLimitInMB" -> 1024;
                    case "toString" -> "test context";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }
}
