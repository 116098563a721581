package dev.margintopup.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The example events in the repository's {@code events/}, which users route and test against. */
final class EventExamples {

    private EventExamples() {}

    /** The {@code detail} field names of an example, in order. */
    static List<String> detailFields(String file) {
        Path path = Path.of("..", "events", file);
        try {
            JsonNode detail = new ObjectMapper().readTree(Files.readString(path)).path("detail");
            List<String> names = new ArrayList<>();
            detail.fieldNames().forEachRemaining(names::add);
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }
}
