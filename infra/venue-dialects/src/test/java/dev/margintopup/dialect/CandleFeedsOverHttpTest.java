package dev.margintopup.dialect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.dialect.binance.BinanceDialectServer;
import dev.margintopup.dialect.binance.BinanceFault;
import dev.margintopup.dialect.bybit.BybitDialectServer;
import dev.margintopup.dialect.bybit.BybitFault;
import dev.margintopup.dialect.hyperliquid.HyperliquidDialectServer;
import dev.margintopup.dialect.hyperliquid.HyperliquidFault;
import dev.margintopup.dialect.okx.OkxDialectServer;
import dev.margintopup.dialect.okx.OkxFault;
import dev.margintopup.policy.Candle;
import dev.margintopup.testing.TestClock;
import dev.margintopup.venue.CandleFeed;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceCandles;
import dev.margintopup.venue.bybit.BybitCandles;
import dev.margintopup.venue.hyperliquid.HyperliquidCandles;
import dev.margintopup.venue.okx.OkxCandles;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each venue's public candle feed against its dialect server over HTTP: the venue's row shape and
 * order (Binance oldest first, Bybit and OKX newest first, Hyperliquid objects in a time window)
 * always come back as candles oldest first, and an answer that is not candles is a VenueException,
 * never a crash.
 */
class CandleFeedsOverHttpTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Instant MINUTE = Instant.parse("2025-03-01T12:00:00Z");

    /**
     * One running dialect server and the feed that reads it.
     *
     * @param refusalCoded whether the venue's refusals carry a code (Hyperliquid's carry none)
     */
    private record Running(String symbol, CandleFeed feed, BiConsumer<String, Instant> mark, Runnable htmlPage,
            Runnable emptyBody, Runnable close, boolean refusalCoded) {

        Running(String symbol, CandleFeed feed, BiConsumer<String, Instant> mark, Runnable htmlPage,
                Runnable emptyBody, Runnable close) {
            this(symbol, feed, mark, htmlPage, emptyBody, close, true);
        }
    }

    enum Venue {
        BINANCE {
            @Override
            Running start() {
                BinanceDialectServer server = BinanceDialectServer.start(0);
                String path = BinanceDialectServer.KLINES;
                return new Running("BTCUSDT", new BinanceCandles(server.baseUrl(), HTTP, TIMEOUT),
                        (price, at) -> server.setMarkPrice("BTCUSDT", price, at),
                        () -> server.injectFault(BinanceFault.of(BinanceFault.Type.HTML_PAGE, "GET", path)),
                        () -> server.injectFault(BinanceFault.of(BinanceFault.Type.EMPTY_BODY, "GET", path)),
                        server::close);
            }
        },
        BYBIT {
            @Override
            Running start() {
                BybitDialectServer server = BybitDialectServer.start(0);
                String path = BybitDialectServer.KLINE;
                return new Running("BTCUSDT", new BybitCandles(server.baseUrl(), HTTP, TIMEOUT),
                        (price, at) -> server.setMarkPrice("BTCUSDT", price, at),
                        () -> server.injectFault(BybitFault.of(BybitFault.Type.HTML_PAGE, path)),
                        () -> server.injectFault(BybitFault.of(BybitFault.Type.EMPTY_BODY, path)),
                        server::close);
            }
        },
        OKX {
            @Override
            Running start() {
                OkxDialectServer server = OkxDialectServer.start(0);
                String path = OkxDialectServer.CANDLES;
                return new Running("BTC-USDT-SWAP", new OkxCandles(server.baseUrl(), HTTP, TIMEOUT),
                        (price, at) -> server.setMarkPrice("BTC-USDT-SWAP", price, at),
                        () -> server.injectFault(OkxFault.of(OkxFault.Type.HTML_PAGE, path)),
                        () -> server.injectFault(OkxFault.of(OkxFault.Type.EMPTY_BODY, path)),
                        server::close);
            }
        },
        HYPERLIQUID {
            @Override
            Running start() {
                HyperliquidDialectServer server = HyperliquidDialectServer.start(0);
                String request = HyperliquidDialectServer.CANDLE_SNAPSHOT;
                // The feed asks for the window ending on its clock: here, at the last mark's time.
                TestClock clock = new TestClock(MINUTE);
                return new Running("BTC", new HyperliquidCandles(server.baseUrl(), HTTP, clock, TIMEOUT),
                        (price, at) -> {
                            server.setMarkPrice("BTC", price, at);
                            clock.set(at);
                        },
                        () -> server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.HTML_PAGE, request)),
                        () -> server.injectFault(HyperliquidFault.of(HyperliquidFault.Type.EMPTY_BODY, request)),
                        server::close, false);
            }
        };

        abstract Running start();
    }

    private Running venue;

    @AfterEach
    void stop() {
        if (venue != null) {
            venue.close().run();
        }
    }

    @ParameterizedTest
    @EnumSource(Venue.class)
    void recentCandlesComeOldestFirstWithEachMinutesHighAndLow(Venue which) {
        venue = which.start();
        venue.mark().accept("100", MINUTE.plusSeconds(5));
        venue.mark().accept("104", MINUTE.plusSeconds(20));
        venue.mark().accept("98", MINUTE.plusSeconds(40));
        venue.mark().accept("101", MINUTE.plusSeconds(55));
        // No mark in the second minute: it stays flat at the last close.
        venue.mark().accept("99", MINUTE.plusSeconds(130));
        venue.mark().accept("103", MINUTE.plusSeconds(150));

        List<Candle> candles = venue.feed().recentCandles(venue.symbol(), 3);

        assertThat(candles).usingRecursiveFieldByFieldElementComparator(ExpectedPositions.BY_VALUE).containsExactly(
                candle(MINUTE, "100", "104", "98", "101"),
                candle(MINUTE.plusSeconds(60), "101", "101", "101", "101"),
                candle(MINUTE.plusSeconds(120), "99", "103", "99", "103"));
    }

    @ParameterizedTest
    @EnumSource(Venue.class)
    void countLimitsToTheMostRecentMinutes(Venue which) {
        venue = which.start();
        for (int minute = 0; minute < 5; minute++) {
            venue.mark().accept(Integer.toString(100 + minute), MINUTE.plusSeconds(60L * minute));
        }

        List<Candle> candles = venue.feed().recentCandles(venue.symbol(), 2);

        assertThat(candles).extracting(Candle::openTime)
                .containsExactly(MINUTE.plusSeconds(180), MINUTE.plusSeconds(240));
        assertThat(candles.getLast().close()).isEqualByComparingTo("104");
    }

    @ParameterizedTest
    @EnumSource(Venue.class)
    void unknownSymbolIsARefusalWithTheVenuesCodeWhereItHasCodes(Venue which) {
        venue = which.start();

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.feed().recentCandles("NOPEUSDT", 10));

        assertThat(error.kind()).isEqualTo(Kind.REJECTED);
        if (venue.refusalCoded()) {
            assertThat(error.venueCode()).isNotNull();
        } else {
            assertThat(error.getMessage()).contains("NOPEUSDT");
        }
    }

    @ParameterizedTest
    @EnumSource(Venue.class)
    void htmlInsteadOfCandlesIsABadResponse(Venue which) {
        venue = which.start();
        venue.mark().accept("100", MINUTE);
        venue.htmlPage().run();

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.feed().recentCandles(venue.symbol(), 10));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
    }

    @ParameterizedTest
    @EnumSource(Venue.class)
    void emptyAnswerIsABadResponse(Venue which) {
        venue = which.start();
        venue.mark().accept("100", MINUTE);
        venue.emptyBody().run();

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.feed().recentCandles(venue.symbol(), 10));

        assertThat(error.kind()).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(error.getMessage()).contains("empty");
    }

    private static Candle candle(Instant openTime, String open, String high, String low, String close) {
        return new Candle(openTime, new BigDecimal(open), new BigDecimal(high), new BigDecimal(low),
                new BigDecimal(close));
    }
}
