package dev.margintopup.venue.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.margintopup.venue.VenueCredentials;
import org.junit.jupiter.api.Test;

/** What any venue echoes back must reach an exception message without our secrets in it. */
class RedactionTest {

    private static final String KEY = "live-key-7f3a9c";
    private static final String SECRET = "stub-secret-never-shown";
    private static final String PASSPHRASE = "correct-horse-battery";
    private static final String HEX_SIGNATURE = "9f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private static final String BASE64_SIGNATURE = "HiZhvSfMtWJA3uUIVXV3a/bSXNPCWvYFXoGCVS8V4zY=";

    private final Redaction redaction = new Redaction(new VenueCredentials(KEY, SECRET, PASSPHRASE));

    @Test
    void anEchoedSecretIsMasked() {
        assertThat(redaction.scrub("bad secret " + SECRET + " given")).isEqualTo("bad secret *** given");
    }

    @Test
    void anEchoedPassphraseIsMasked() {
        assertThat(redaction.scrub("OK-ACCESS-PASSPHRASE: " + PASSPHRASE)).isEqualTo("OK-ACCESS-PASSPHRASE: ***");
    }

    @Test
    void anEchoedKeyKeepsOnlyItsFirstFourCharacters() {
        assertThat(redaction.scrub("unknown key " + KEY)).isEqualTo("unknown key live***");
    }

    @Test
    void aShortKeyIsMaskedWhole() {
        Redaction shortKey = new Redaction(new VenueCredentials("k-1", SECRET, null));
        assertThat(shortKey.scrub("unknown key k-1")).isEqualTo("unknown key ***");
    }

    @Test
    void aHexSignatureIsMaskedWhoeverSentIt() {
        assertThat(redaction.scrub("X-BAPI-SIGN: " + HEX_SIGNATURE)).isEqualTo("X-BAPI-SIGN: ***");
        assertThat(redaction.scrub("signature=" + HEX_SIGNATURE.toUpperCase() + "&x=1")).isEqualTo("signature=***&x=1");
    }

    @Test
    void aBase64SignatureIsMaskedWhoeverSentIt() {
        assertThat(redaction.scrub("OK-ACCESS-SIGN: " + BASE64_SIGNATURE)).isEqualTo("OK-ACCESS-SIGN: ***");
    }

    @Test
    void aSixtyFourCharacterBinanceStyleKeyOfHexIsMaskedEvenWhenItIsNotOurs() {
        String otherKey = "a".repeat(64);
        assertThat(redaction.scrub("X-MBX-APIKEY: " + otherKey)).isEqualTo("X-MBX-APIKEY: ***");
    }

    @Test
    void ordinaryVenueTextIsLeftAlone() {
        String message = "Insufficient balance: 12.5 USDT requested, 3.25 free (code 131212)";
        assertThat(redaction.scrub(message)).isEqualTo(message);
    }

    @Test
    void credentialsWithoutAPassphraseStillScrubTheRest() {
        Redaction noPassphrase = new Redaction(new VenueCredentials(KEY, SECRET, null));
        assertThat(noPassphrase.scrub(KEY + " " + SECRET)).isEqualTo("live*** ***");
        Redaction emptyPassphrase = new Redaction(new VenueCredentials(KEY, SECRET, ""));
        assertThat(emptyPassphrase.scrub("nothing here")).isEqualTo("nothing here");
    }

    @Test
    void nothingToScrubIsAnEmptyText() {
        assertThat(redaction.scrub(null)).isEmpty();
        assertThat(redaction.snippet(null)).isEmpty();
    }

    @Test
    void aSnippetIsOneLineAndCutAtEightyCharacters() {
        String page = "<html>\n  <head><title>502 Bad Gateway</title></head>\n" + "x".repeat(200) + "\n</html>";
        String snippet = redaction.snippet(page);
        assertThat(snippet).doesNotContain("\n").endsWith("...");
        assertThat(snippet).hasSize(83).startsWith("<html> <head><title>502 Bad Gateway</title></head> xxx");
    }

    @Test
    void aShortBodyIsRepeatedWhole() {
        assertThat(redaction.snippet("  Service Unavailable \r\n")).isEqualTo("Service Unavailable");
    }

    @Test
    void aSnippetIsScrubbedToo() {
        assertThat(redaction.snippet("echo " + SECRET + " " + BASE64_SIGNATURE)).isEqualTo("echo *** ***");
    }

    @Test
    void a_secret_that_crosses_the_snippet_cut_leaves_no_trace() {
        Redaction redaction = new Redaction(new VenueCredentials(KEY, SECRET, null));
        String body = "x".repeat(70) + SECRET + " and more text after it";

        assertThat(redaction.snippet(body))
                .doesNotContain(SECRET.substring(0, 6))
                .hasSizeLessThanOrEqualTo(83);
    }
}
