package dev.margintopup.venue.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Whatever a venue sends that is not the answer we expect is a BAD_RESPONSE naming where it came from. */
class AnswerReaderTest {

    private static final String SECRET = "stub-secret-never-shown";

    private final AnswerReader reader =
            new AnswerReader("some-venue", "/v1/margin", new Redaction(new VenueCredentials("key-0001", SECRET, null)));

    private VenueException badResponse(Runnable read) {
        VenueException e = catchThrowableOfType(VenueException.class, read::run);
        assertThat(e).isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(e.getMessage()).contains("some-venue").contains("/v1/margin");
        return e;
    }

    @Test
    void anEmptyBodyIsABadResponse() {
        assertThat(badResponse(() -> reader.object("  ")).getMessage()).contains("the body is empty");
    }

    @Test
    void anHtmlPageIsABadResponseQuotingItsScrubbedStart() {
        VenueException e = badResponse(() -> reader.object("<html>502 " + SECRET + "</html>"));
        assertThat(e.getMessage()).contains("the body is not JSON (starts with \"<html>502 ***</html>\")")
                .doesNotContain(SECRET);
    }

    @Test
    void trailingTextAfterTheJsonIsNotJson() {
        assertThat(badResponse(() -> reader.object("{\"a\":1} trailing")).getMessage()).contains("is not JSON");
        assertThat(AnswerReader.objectOrNull("{\"a\":1} trailing")).isNull();
        assertThat(AnswerReader.leadingObjectOrNull("{\"a\":1} trailing")).isNotNull();
    }

    @Test
    void aListWhereAnObjectIsExpectedAndTheOtherWayRound() {
        assertThat(badResponse(() -> reader.object("[1]")).getMessage()).contains("is not a JSON object");
        assertThat(badResponse(() -> reader.array("{}")).getMessage()).contains("is not a JSON list");
    }

    @Test
    void aMissingOrNullFieldIsNamed() {
        JsonNode body = reader.object("{\"asset\":null}");
        assertThat(badResponse(() -> reader.text(body, "asset")).getMessage()).contains("field asset is missing");
        assertThat(badResponse(() -> reader.text(body, "other")).getMessage()).contains("field other is missing");
    }

    @Test
    void fieldsOfTheWrongShapeAreNamed() {
        JsonNode body = reader.object(
                "{\"s\":\"\",\"n\":1.5,\"b\":\"true\",\"o\":[],\"l\":{},\"d\":12.5,\"x\":\"1O\"}");
        assertThat(badResponse(() -> reader.text(body, "s")).getMessage()).contains("field s is not a non-empty string");
        assertThat(badResponse(() -> reader.integer(body, "n")).getMessage()).contains("field n is not an integer");
        assertThat(badResponse(() -> reader.bool(body, "b")).getMessage()).contains("field b is not true or false");
        assertThat(badResponse(() -> reader.child(body, "o")).getMessage()).contains("field o is not an object");
        assertThat(badResponse(() -> reader.array(body, "l")).getMessage()).contains("field l is not a list");
        assertThat(badResponse(() -> reader.decimal(body.get("d"), "d")).getMessage())
                .contains("field d is not a decimal string");
        assertThat(badResponse(() -> reader.decimal(body.get("x"), "x")).getMessage())
                .contains("field x is not a decimal string (\"1O\")");
    }

    @Test
    void aDecimalStringIsReadExactly() {
        JsonNode body = reader.object("{\"amount\":\" 41.56870000 \"}");
        assertThat(reader.decimal(body.get("amount"), "amount")).isEqualTo(new BigDecimal("41.56870000"));
    }
}
