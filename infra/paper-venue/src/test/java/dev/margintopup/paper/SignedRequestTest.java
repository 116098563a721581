package dev.margintopup.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.venue.VenueCredentials;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.paper.PaperVenue;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignedRequestTest {

    private static final String WRONG_SECRET = "wrong-secret-5f4dcc3b5aa7";

    private PaperVenueServer server;

    @BeforeEach
    void start() {
        server = PaperVenueServer.start(0, Seeds.VENUE_CLOCK);
        server.seedAccount(Seeds.trader());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void wrongSecretIsAnAuthFailureThatMovesNothing() {
        PaperVenue venue = Seeds.client(server, WRONG_SECRET, Seeds.VENUE_CLOCK, PaperVenue.REQUEST_TIMEOUT);

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.crossTopUp("intent-1", "100")));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("1003");
        assertThat(server.transfers(Seeds.KEY)).isEmpty();
    }

    @Test
    void unknownKeyIsAnAuthFailure() {
        PaperVenue venue = new PaperVenue(server.baseUrl(), new VenueCredentials("nobody-key-0001", "x", null),
                Seeds.HTTP, Seeds.VENUE_CLOCK);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Seeds.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.AUTH);
        assertThat(error.venueCode()).isEqualTo("1001");
    }

    @Test
    void clockAheadOfTheReceiveWindowIsATimestampFailure() {
        Clock ahead = Clock.offset(Seeds.VENUE_CLOCK, Duration.ofMillis(5_001));
        PaperVenue venue = Seeds.client(server, Seeds.SECRET, ahead, PaperVenue.REQUEST_TIMEOUT);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Seeds.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(error.venueCode()).isEqualTo("1002");
    }

    @Test
    void clockBehindTheReceiveWindowIsATimestampFailure() {
        Clock behind = Clock.offset(Seeds.VENUE_CLOCK, Duration.ofSeconds(-30));
        PaperVenue venue = Seeds.client(server, Seeds.SECRET, behind, PaperVenue.REQUEST_TIMEOUT);

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Seeds.crossTopUp("intent-1", "100")));

        assertThat(error.kind()).isEqualTo(Kind.TIMESTAMP);
        assertThat(server.transfers(Seeds.KEY)).isEmpty();
    }

    @Test
    void clockSkewInsideTheWindowIsAccepted() {
        Clock slightlyAhead = Clock.offset(Seeds.VENUE_CLOCK, Duration.ofMillis(4_999));
        PaperVenue venue = Seeds.client(server, Seeds.SECRET, slightlyAhead, PaperVenue.REQUEST_TIMEOUT);

        assertThat(venue.readMargin(Seeds.CROSS_USDT).marginBalance()).isEqualByComparingTo("5000");
    }

    @Test
    void errorMessagesNeverCarryTheSecretOrTheKey() {
        PaperVenue wrongSecret = Seeds.client(server, WRONG_SECRET, Seeds.VENUE_CLOCK, PaperVenue.REQUEST_TIMEOUT);
        PaperVenue skewed = Seeds.client(
                server, Seeds.SECRET, Clock.offset(Seeds.VENUE_CLOCK, Duration.ofMinutes(1)), PaperVenue.REQUEST_TIMEOUT);
        PaperVenue rightSecret = Seeds.client(server);

        String[] messages = {
            catchThrowableOfType(VenueException.class, () -> wrongSecret.readMargin(Seeds.CROSS_USDT)).getMessage(),
            catchThrowableOfType(VenueException.class,
                    () -> wrongSecret.transferToMargin(Seeds.crossTopUp("i-1", "1"))).getMessage(),
            catchThrowableOfType(VenueException.class, () -> skewed.readMargin(Seeds.CROSS_USDT)).getMessage(),
            catchThrowableOfType(VenueException.class,
                    () -> rightSecret.transferToMargin(Seeds.crossTopUp("i-2", "99999"))).getMessage(),
        };

        for (String message : messages) {
            assertThat(message)
                    .contains("paper")
                    .doesNotContain(Seeds.SECRET)
                    .doesNotContain(WRONG_SECRET)
                    .doesNotContain(Seeds.KEY)
                    .doesNotContainPattern("[0-9a-f]{64}");
        }
    }

    /** Same vector as the client signer's test, so both sides are held to one outside answer. */
    @Test
    void serverComputesTheKnownAnswerSignature() {
        // printf '%s' '<payload>' | openssl dgst -sha256 -hmac 'paper-secret-123'
        assertThat(SignatureCheck.hmacHex("paper-secret-123",
                "1700000000000GET/api/v1/margin?mode=cross&asset=USDT&source=FUNDING"))
                .isEqualTo("1043cac4b0f1ed6fa9171645e71f6e61d8798eeca5030ecbd5f827dff5e2326f");
    }
}
