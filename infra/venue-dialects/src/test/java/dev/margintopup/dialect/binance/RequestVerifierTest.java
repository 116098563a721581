package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The server's signature check against Binance's published example, independently of the client signer. */
class RequestVerifierTest {

    private static final String SECRET = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";
    private static final String PARAMS =
            "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";
    private static final String SIGNATURE = "3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9";
    private static final long SERVER_TIME = 1591702613943L + 100;

    @Test
    void acceptsThePublishedExampleInTheQuery() {
        assertThatCode(() -> RequestVerifier.verify(request(PARAMS + "&signature=" + SIGNATURE, ""), SECRET, SERVER_TIME))
                .doesNotThrowAnyException();
    }

    @Test
    void acceptsThePublishedExampleInTheBodyAndAnUppercaseSignature() {
        assertThatCode(() -> RequestVerifier.verify(
                request("", PARAMS + "&signature=" + SIGNATURE.toUpperCase()), SECRET, SERVER_TIME))
                .doesNotThrowAnyException();
    }

    @Test
    void rejectsATamperedParameter() {
        assertThatThrownBy(() -> RequestVerifier.verify(
                request(PARAMS.replace("price=9000", "price=9001") + "&signature=" + SIGNATURE, ""), SECRET, SERVER_TIME))
                .isInstanceOfSatisfying(DialectError.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.code).isEqualTo(DialectError.INVALID_SIGNATURE));
    }

    @Test
    void rejectsATimestampOlderThanTheReceiveWindow() {
        assertThatThrownBy(() -> RequestVerifier.verify(request(PARAMS + "&signature=" + SIGNATURE, ""), SECRET,
                SERVER_TIME + 5_000))
                .isInstanceOfSatisfying(DialectError.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.code).isEqualTo(DialectError.INVALID_TIMESTAMP));
    }

    private static DialectRequest request(String query, String body) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : (query + (query.isEmpty() || body.isEmpty() ? "" : "&") + body).split("&")) {
            int eq = pair.indexOf('=');
            params.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return new DialectRequest("POST", "/fapi/v1/order", query, body, "key", params);
    }
}
