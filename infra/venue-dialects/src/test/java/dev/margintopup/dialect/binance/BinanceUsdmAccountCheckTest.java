package dev.margintopup.dialect.binance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.margintopup.account.MarginMode;
import dev.margintopup.venue.MarginQuery;
import dev.margintopup.venue.SourceQuery;
import dev.margintopup.venue.VenueException;
import dev.margintopup.venue.VenueException.Kind;
import dev.margintopup.venue.binance.BinanceUsdmVenue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A key or account wrong for its role is refused with CONFIG, saying what to change, before anything moves. */
class BinanceUsdmAccountCheckTest {

    private static final String TRANSFER = "/sapi/v1/asset/transfer";
    private static final String POSITION_MARGIN = "/fapi/v1/positionMargin";

    private BinanceDialectServer server;
    private DialectAccount trader;
    private BinanceUsdmVenue venue;

    @BeforeEach
    void start() {
        server = BinanceDialectServer.start(0);
        trader = Binance.seedTrader(server);
        venue = Binance.venue(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void keyThatCanWithdrawIsRefusedForReadingAndForTransfers() {
        trader.permissions(Permission.READING, Permission.UNIVERSAL_TRANSFER, Permission.WITHDRAWALS);

        VenueException read = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Binance.CROSS_USDT));
        VenueException transfer = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Binance.cross("100")));

        assertThat(read.kind()).isEqualTo(Kind.CONFIG);
        assertThat(read.getMessage()).contains("can withdraw", "Enable Withdrawals");
        assertThat(transfer.kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.requestCount("POST", TRANSFER)).isZero();
        assertThat(server.balance(Binance.KEY, Wallet.FUNDING, "USDT")).isEqualByComparingTo("750");
    }

    @Test
    void transferKeyWithoutUniversalTransferIsRefusedBeforeSending() {
        trader.permissions(Permission.READING, Permission.FUTURES);

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("Permits Universal Transfer");
        assertThat(server.requestCount("POST", TRANSFER)).isZero();
    }

    @Test
    void isolatedAddWithoutFuturesPermissionIsRefusedBeforeEitherLeg() {
        trader.permissions(Permission.READING, Permission.UNIVERSAL_TRANSFER);

        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Binance.isolated("50")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("Enable Futures");
        assertThat(server.requestCount("POST", TRANSFER)).isZero();
        assertThat(server.requestCount("POST", POSITION_MARGIN)).isZero();
    }

    @Test
    void hedgeModeWithBothSidesOfTheSymbolOpenIsRefusedForIsolatedAndMovesNothing() {
        server.seedAccount("hedgeKey", "hedgeSecret")
                .hedgeMode(true)
                .wallet(Wallet.SPOT, "USDT", "1000")
                .hedgeIsolatedPosition("ETHUSDT", "LONG", "2", "3000", "300", "0.005")
                .hedgeIsolatedPosition("ETHUSDT", "SHORT", "-1", "3100", "200", "0.005");
        BinanceUsdmVenue hedged = Binance.venue(server, "hedgeKey", "hedgeSecret");

        VenueException read = catchThrowableOfType(VenueException.class, () -> hedged.readMargin(Binance.ISOLATED_ETH));
        VenueException transfer = catchThrowableOfType(VenueException.class,
                () -> hedged.transferToMargin(Binance.isolated("50")));

        assertThat(read.kind()).isEqualTo(Kind.CONFIG);
        assertThat(read.getMessage()).contains("hedge mode", "LONG and the SHORT", "close one side", "one-way");
        assertThat(transfer.kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.transfers("hedgeKey")).isEmpty();
        assertThat(server.marginChanges("hedgeKey")).isEmpty();
    }

    @Test
    void multiAssetsModeIsNotSupportedYetForCross() {
        trader.multiAssetsMode(true);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Binance.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("not supported yet", "single-asset mode");
    }

    @Test
    void crossPositionConfiguredAsIsolatedIsRefused() {
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.readMargin(new MarginQuery(MarginMode.ISOLATED, "BTCUSDT", "USDT", "SPOT")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("cross-margined", "marginMode cross");
    }

    @Test
    void unsupportedCollateralOrWalletIsConfig() {
        assertThat(catchThrowableOfType(VenueException.class,
                () -> venue.readMargin(new MarginQuery(MarginMode.CROSS, null, "BTC", "FUNDING"))).kind())
                .isEqualTo(Kind.CONFIG);
        assertThat(catchThrowableOfType(VenueException.class,
                () -> venue.sourceFree(new SourceQuery(MarginMode.CROSS, "USDT", "MARGIN"))).kind())
                .isEqualTo(Kind.CONFIG);
    }

    @Test
    void readOnlyKeyReadsAndCannotMoveAnything() {
        trader.permissions(Permission.READING);

        assertThat(venue.readMargin(Binance.CROSS_USDT).marginBalance()).isEqualByComparingTo("2200");
        VenueException error = catchThrowableOfType(VenueException.class,
                () -> venue.transferToMargin(Binance.cross("100")));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(server.transfers(Binance.KEY)).isEmpty();
    }

    @Test
    void keyThatCannotReadIsRefused() {
        trader.permissions(Permission.UNIVERSAL_TRANSFER);

        VenueException error = catchThrowableOfType(VenueException.class, () -> venue.readMargin(Binance.CROSS_USDT));

        assertThat(error.kind()).isEqualTo(Kind.CONFIG);
        assertThat(error.getMessage()).contains("Enable Reading");
    }
}
