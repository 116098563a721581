package dev.margintopup.local.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.policy.Candle;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Candle files as the venues' download pages and common tools write them, read from disk: each
 * shape plays the same three minutes from 2025-03-03T00:00Z, and each file that cannot be read
 * fully is refused with where and what.
 */
class ExportedCandleFilesTest {

    private static final Instant T0 = Instant.parse("2025-03-03T00:00:00Z");
    private static final List<Instant> THREE_MINUTES = List.of(T0, T0.plusSeconds(60), T0.plusSeconds(120));
    /** OKX's historical-data download: the instrument first, the open time ninth. */
    private static final String OKX_DOWNLOAD = """
            instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm
            BTC-USDT-SWAP,60000,60010.5,59950.1,59990,1520,15.2,911000.5,1740960000000,1
            BTC-USDT-SWAP,59990,60005,59900,59920.4,1311,13.11,786000.1,1740960060000,1
            BTC-USDT-SWAP,59920.4,59930,59800,59810,998,9.98,597000,1740960120000,1
            """;
    /** Bybit's MetaTrader 4 download: no header, its clock at UTC+3 (03:00 there is 00:00Z). */
    private static final String BYBIT_MT4_DOWNLOAD = """
            2025.03.03 03:00,60000,60010.5,59950.1,59990,123.456
            2025.03.03 03:01,59990,60005,59900,59920.4,98.002
            2025.03.03 03:02,59920.4,59930,59800,59810,77.1
            """;

    @TempDir
    Path dir;

    private CandleFile read(String name, String text) throws IOException {
        return CandleFile.read(Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8), "auto");
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static List<String> ohlc(Candle c) {
        return java.util.stream.Stream.of(c.open(), c.high(), c.low(), c.close())
                .map(p -> p.stripTrailingZeros().toPlainString()).toList();
    }

    /** The same three candles every accepted shape below carries. */
    private static void theThreeMinutes(CandleFile file) {
        assertThat(file.minutes()).extracting(Candle::openTime).containsExactlyElementsOf(THREE_MINUTES);
        assertThat(ohlc(file.minutes().get(0))).containsExactly("60000", "60010.5", "59950.1", "59990");
        assertThat(ohlc(file.minutes().get(1))).containsExactly("59990", "60005", "59900", "59920.4");
        assertThat(ohlc(file.minutes().get(2))).containsExactly("59920.4", "59930", "59800", "59810");
        assertThat(file.filledMinutes()).isZero();
    }

    /** Reads a venue's download and checks it plays the three minutes as {@code format}, naming {@code symbol}. */
    private void plays(String name, String text, CandleFormat format, String symbol) throws IOException {
        plays(read(name, text), format, symbol);
    }

    private static void plays(CandleFile file, CandleFormat format, String symbol) {
        assertThat(file.format()).isEqualTo(format);
        assertThat(file.symbol()).isEqualTo(symbol);
        theThreeMinutes(file);
    }

    /** A zip archive of {@code entries}: a name, its text, a name, its text... */
    private Path zip(String name, String... entries) throws IOException {
        Path zip = dir.resolve(name);
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < entries.length; i += 2) {
                out.putNextEntry(new ZipEntry(entries[i]));
                out.write(entries[i + 1].getBytes(StandardCharsets.UTF_8));
            }
        }
        return zip;
    }

    // ---- the venues' downloads ----

    @Test
    void okxHistoricalDataDownloadIsReadByItsHeaderWithTheInstrumentFirstAndTheOpenTimeNinth() throws IOException {
        plays("BTC-USDT-SWAP-candlesticks-2025-03-03.csv", OKX_DOWNLOAD, CandleFormat.OKX_V5, "BTCUSDT");
    }

    @Test
    void theInstrumentColumnNamesTheSymbolWhenTheFileNameDoesNot() throws IOException {
        CandleFile okx = read("download.csv", """
                instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm
                ETH-USDT-SWAP,2200,2206,2199,2205,640,6.4,1410000,1740960000000,1
                """);
        CandleFile ccxt = read("export.csv", "symbol,timestamp,open,high,low,close\nSOL/USDT:USDT,1740960000000,140,141,139,140.5\n");
        CandleFile futures = read("export.csv", "symbol,timestamp,open,high,low,close\nBTC-USDT-250926,1740960000000,1,2,1,1\n");

        assertThat(okx.symbol()).isEqualTo("ETHUSDT");
        assertThat(ccxt.symbol()).isEqualTo("SOLUSDT");
        assertThat(futures.symbol()).as("a dated future is no linear perpetual: the user names the symbol").isNull();
    }

    @Test
    void bybitMetaTraderDownloadWithoutAHeaderIsReadOnItsUtcPlusThreeClock() throws IOException {
        plays("BTCUSDT_1_2025-03-01_2025-03-31.csv", BYBIT_MT4_DOWNLOAD, CandleFormat.BYBIT_MT4, "BTCUSDT");
    }

    @Test
    void bybitIndexDownloadWithStartAtInSecondsIsReadByItsHeader() throws IOException {
        plays("BTCUSDT2025-03-03_index_price.csv", """
                start_at,symbol,period,open,high,low,close
                1740960000,BTCUSDT,1,60000,60010.5,59950.1,59990
                1740960060,BTCUSDT,1,59990,60005,59900,59920.4
                1740960120,BTCUSDT,1,59920.4,59930,59800,59810
                """, CandleFormat.OHLC, "BTCUSDT");
    }

    @Test
    void binanceMarkPriceKlinesDumpIsTheKlinesLayout() throws IOException {
        plays("BTCUSDT-1m-2025-03-03.csv", """
                open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,taker_buy_quote_volume,ignore
                1740960000000,60000,60010.5,59950.1,59990,0,1740960059999,0,60,0,0,0
                1740960060000,59990,60005,59900,59920.4,0,1740960119999,0,60,0,0,0
                1740960120000,59920.4,59930,59800,59810,0,1740960179999,0,60,0,0,0
                """, CandleFormat.BINANCE_USDM, "BTCUSDT");
    }

    @Test
    void hyperliquidCandleSnapshotReadsTheOpenTimeNotTheCloseTime() throws IOException {
        CandleFile file = read("btc-candles.json", """
                [{"t":1740960000000,"T":1740960059999,"s":"BTC","i":"1m","o":"60000","c":"59990","h":"60010.5","l":"59950.1","v":"12.3","n":150},
                 {"t":1740960060000,"T":1740960119999,"s":"BTC","i":"1m","o":"59990","c":"59920.4","h":"60005","l":"59900","v":"9.8","n":120},
                 {"t":1740960120000,"T":1740960179999,"s":"BTC","i":"1m","o":"59920.4","c":"59810","h":"59930","l":"59800","v":"7.7","n":99}]""");

        assertThat(file.format()).isEqualTo(CandleFormat.HYPERLIQUID);
        assertThat(file.symbol()).as("a coin, not a linear symbol: the user names it with --symbol").isNull();
        theThreeMinutes(file);
    }

    @Test
    void downloadsPlayAsTheyComeGzippedOrZippedTheSymbolFromTheNameInside() throws IOException {
        Path zip = zip("download.zip", "BTC-USDT-SWAP-candlesticks-2025-03-03.csv", OKX_DOWNLOAD);
        Path gz = dir.resolve("ETHUSDT_1_2025-03-01_2025-03-31.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(BYBIT_MT4_DOWNLOAD.getBytes(StandardCharsets.UTF_8));
        }

        plays(CandleFile.read(zip, "auto"), CandleFormat.OKX_V5, "BTCUSDT");
        plays(CandleFile.read(gz, "auto"), CandleFormat.BYBIT_MT4, "ETHUSDT");
    }

    @Test
    void aZipOfSeveralFilesABrokenArchiveAndATextThatIsNoTextAreRefused() throws IOException {
        String rows = "time,open,high,low,close\n1740960000,1,2,1,1\n";
        Path zip = zip("two.zip", "a.csv", rows, "b.csv", rows);
        Path broken = Files.write(dir.resolve("broken.csv.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2});
        Path spreadsheet = Files.write(dir.resolve("export.xls"), new byte[] {(byte) 0xd0, (byte) 0xcf, 0x11, (byte) 0xe0});

        assertThatThrownBy(() -> CandleFile.read(zip, "auto"))
                .hasMessage(zip + ": a zip archive of several files (a.csv, b.csv, ...); unzip it and replay one");
        assertThatThrownBy(() -> CandleFile.read(broken, "auto")).hasMessageStartingWith(broken + ": a damaged archive (");
        assertThatThrownBy(() -> CandleFile.read(spreadsheet, "auto"))
                .hasMessage(spreadsheet + ": not text (UTF-8); if it is a spreadsheet, save it as CSV");
    }

    // ---- generic exports, read by their header ----

    @Test
    void genericExportsAreReadByTheirHeaderWhateverTheOrderCaseAndExtraColumns() throws IOException {
        List<String> texts = List.of(
                // TradingView's chart export: epoch seconds, capitalised extras
                "time,open,high,low,close,Volume,MA\n1740960000,60000,60010.5,59950.1,59990,1,x\n"
                        + "1740960060,59990,60005,59900,59920.4,1,x\n1740960120,59920.4,59930,59800,59810,1,x\n",
                // ccxt / pandas: milliseconds, the index column first
                ",timestamp,open,high,low,close,volume\n0,1740960000000,60000,60010.5,59950.1,59990,1\n"
                        + "1,1740960060000,59990,60005,59900,59920.4,1\n2,1740960120000,59920.4,59930,59800,59810,1\n",
                // columns in another order, names in another case
                "Close,Low,High,Open,Open Time\n59990,59950.1,60010.5,60000,2025-03-03 00:00:00\n"
                        + "59920.4,59900,60005,59990,2025-03-03 00:01:00\n59810,59800,59930,59920.4,2025-03-03 00:02:00\n",
                // date and time of day in separate columns, semicolons, quoted cells
                "\"Date\";\"Time\";\"Open\";\"High\";\"Low\";\"Close\"\n\"2025-03-03\";\"00:00\";60000;60010.5;59950.1;59990\n"
                        + "2025-03-03;00:01;59990;60005;59900;59920.4\n2025-03-03;00:02;59920.4;59930;59800;59810\n",
                // MetaTrader's own export: tabs and <NAMES>
                "<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\n2025.03.03\t00:00:00\t60000\t60010.5\t59950.1\t59990\t5\n"
                        + "2025.03.03\t00:01:00\t59990\t60005\t59900\t59920.4\t5\n2025.03.03\t00:02:00\t59920.4\t59930\t59800\t59810\t5\n",
                // a data site's file: its address above the header, newest first, ISO times with an offset
                "https://www.example-data.com\nunix_time,date,symbol,open,high,low,close,Volume BTC\n"
                        + "1740960120000,2025-03-03T02:02:00+02:00,BTC/USDT,59920.4,59930,59800,59810,1\n"
                        + "1740960060000,2025-03-03T02:01:00+02:00,BTC/USDT,59990,60005,59900,59920.4,1\n"
                        + "1740960000000,2025-03-03T02:00:00+02:00,BTC/USDT,60000,60010.5,59950.1,59990,1\n");

        for (String text : texts) {
            CandleFile file = read("export.csv", text);
            assertThat(file.format()).as(text).isEqualTo(CandleFormat.OHLC);
            theThreeMinutes(file);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"1740960000", "1740960000000", "1740960000000000", "1740960000000000000", "1740960000000.0",
            "1.74096E12", "2025-03-03T00:00:00Z", "2025-03-03T00:00:00.000Z", "2025-03-03 00:00:00", "2025-03-03 00:00",
            "2025-03-03T00:00", "2025/03/03 00:00:00", "2025-03-03 00:00:00+00:00", "2025-03-03T02:00:00+02:00",
            "2025-03-02T19:00:00-0500", "2025-03-03 05:30:00+05:30", "2025-03-03 00:00:00 UTC", "2025-3-3 0:00"})
    void openTimeIsEpochByMagnitudeOrADateAndTimeInUtcUnlessAnOffsetIsGiven(String time) throws IOException {
        CandleFile file = read("export.csv", "timestamp,open,high,low,close\n" + time + ",60000,60010,59950,59990\n");

        assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0);
    }

    @Test
    void jsonListOfNamedFieldsIsReadByItsNames() throws IOException {
        CandleFile file = read("export.json", """
                [{"time":"2025-03-03T00:00:00Z","open":60000,"high":60010.5,"low":59950.1,"close":59990,"volume":1},
                 {"time":"2025-03-03T00:01:00Z","open":59990,"high":60005,"low":59900,"close":59920.4,"volume":1},
                 {"time":"2025-03-03T00:02:00Z","open":59920.4,"high":59930,"low":59800,"close":59810,"volume":1}]""");
        CandleFile openTime = read("export.json", """
                [{"openTime":1740960120000,"o":"59920.4","h":"59930","l":"59800","c":"59810"},
                 {"openTime":1740960060000,"o":"59990","h":"60005","l":"59900","c":"59920.4"},
                 {"openTime":1740960000000,"o":"60000","h":"60010.5","l":"59950.1","c":"59990"}]""");

        assertThat(file.format()).isEqualTo(CandleFormat.OHLC);
        theThreeMinutes(file);
        theThreeMinutes(openTime);
    }

    @Test
    void headerReadFilesKeepTheRulesForOrderDuplicatesAndGaps() throws IOException {
        CandleFile file = read("export.csv", """
                date,open,high,low,close
                2025-03-03 00:03:00,59810,59820,59700,59750
                2025-03-03 00:00:00,60000,60010.5,59950.1,59990
                2025-03-03 00:01:00,59990,60005,59900,59920.4
                2025-03-03 00:00:00,60000,60010.5,59950.1,59990
                """);

        assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0, T0.plusSeconds(60),
                T0.plusSeconds(120), T0.plusSeconds(180));
        assertThat(file.filledMinutes()).isEqualTo(1);
        assertThat(ohlc(file.minutes().get(2))).containsExactly("59920.4", "59920.4", "59920.4", "59920.4");
        assertThat(file.duplicatesDropped()).isEqualTo(1);
        assertThatThrownBy(() -> read("export.csv", "time,open,high,low,close\n1740960000,1,2,1,1\n1740960300,1,2,1,1\n"))
                .hasMessageContaining("its candles are 5 minutes apart");
    }

    @Test
    void formatOhlcTakesAnyFileWithAHeaderAndAVenueFormatTakesItsDownloadButNotAnotherVenues() throws IOException {
        Path binance = file("BTCUSDT-1m-2025-03-03.csv", "open_time,open,high,low,close,volume,close_time,quote_volume,"
                + "count,taker_buy_volume,taker_buy_quote_volume,ignore\n1740960000000,1,2,1,1,0,1740960059999,0,1,0,0,0\n");
        Path okx = file("BTC-USDT-SWAP-candlesticks-2025-03-03.csv",
                "instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm\nBTC-USDT-SWAP,1,2,1,1,0,0,0,1740960000000,1\n");

        assertThat(CandleFile.read(binance, "ohlc").minutes()).hasSize(1);
        Path otherNames = file("klines.csv", "open_time,open,high,low,close,volume,close_time,quote_asset_volume,"
                + "number_of_trades,taker_buy_base_asset_volume,taker_buy_quote_asset_volume,ignore\n"
                + "1740960000000,1,2,1,1,0,1740960059999,0,1,0,0,0\n");
        assertThat(CandleFile.read(otherNames, "binance-usdm").minutes()).as("Binance's columns under other names")
                .hasSize(1);
        assertThat(CandleFile.read(okx, "okx-v5").format()).isEqualTo(CandleFormat.OKX_V5);
        assertThatThrownBy(() -> CandleFile.read(okx, "bybit-v5"))
                .hasMessageContaining("format: is \"bybit-v5\" but the file is shaped like OKX v5");
    }

    // ---- refusals: where, what, and what to do; nothing is returned ----

    @Test
    void aHeaderWithoutACloseColumnIsRefusedListingTheNamesItLookedForAndFound() throws IOException {
        Path file = file("export.csv", "timestamp,open,high,low,last\n1740960000,1,2,1,1\n");

        assertThatThrownBy(() -> CandleFile.read(file, "auto")).isInstanceOf(CandleFileException.class)
                .hasMessageStartingWith(file + ": line 1: no column is the close (one named close or c or closeprice")
                .hasMessageContaining("the columns are timestamp,open,high,low,last")
                .hasMessageContaining("Name the columns, e.g. a first line time,open,high,low,close");
    }

    @Test
    void aColumnNamedTwiceIsRefused() throws IOException {
        assertThatThrownBy(() -> read("export.csv", "time,open,high,low,close,Close\n1740960000,1,2,1,1,1\n"))
                .hasMessageContaining("line 1: names the close column more than once (\"close\", \"Close\"); keep one");
        assertThatThrownBy(() -> read("export.json", "[{\"t\":1740960000000,\"T\":1740960059999,"
                + "\"o\":\"1\",\"h\":\"2\",\"l\":\"1\",\"close\":\"1\",\"Close\":\"1\"}]"))
                .as("t beside T is Hyperliquid's open and close time; close beside Close is one too many")
                .hasMessageContaining("row 1: names the close field more than once (\"close\", \"Close\")");
    }

    @Test
    void anOpenTimeNeitherEpochNorADateAndTimeIsRefusedNamingLineColumnAndWhatWasFound() throws IOException {
        String header = "symbol,open,high,low,close,open_time\n";
        String good = "BTCUSDT,1,2,1,1,2025-03-03 00:00:00\n";

        assertThatThrownBy(() -> read("export.csv", header + good + "BTCUSDT,1,2,1,1,03/03/2025 00:01\n"))
                .hasMessageContaining("line 3, column 6 (open time): not a time, got \"03/03/2025 00:01\"; expected"
                        + " epoch seconds, milliseconds or microseconds, or a date and time such as 2025-03-03 00:00:00");
        assertThatThrownBy(() -> read("export.csv", header + good + "BTCUSDT,1,2,1,1,2025-03-04\n"))
                .hasMessageContaining("line 3, column 6 (open time): a date without a time of day, got \"2025-03-04\"");
        assertThatThrownBy(() -> read("export.csv", header + "BTCUSDT,1,2,1,1,2025-02-30 00:00:00\n"))
                .hasMessageContaining("line 2, column 6 (open time): not a calendar date and time, got \"2025-02-30 00:00:00\"");
        assertThatThrownBy(() -> read("export.csv", header + "BTCUSDT,1,2,1,1,123456789012345678901\n"))
                .hasMessageContaining("line 2, column 6 (open time): too large for an epoch time");
        assertThatThrownBy(() -> read("export.csv", header + "BTCUSDT,1,2,1,1,2025-03-03 00:00:30\n"))
                .hasMessageContaining("line 2, column 6 (open time): not the start of a minute: 2025-03-03T00:00:30Z");
    }

    @Test
    void rowsOfSeveralInstrumentsAreRefusedAtTheFirstOtherOne() throws IOException {
        assertThatThrownBy(() -> read("download.csv", """
                instrument_name,open,high,low,close,vol,vol_ccy,vol_quote,open_time,confirm
                BTC-USDT-SWAP,60000,60010,59950,59990,1,1,1,1740960000000,1
                ETH-USDT-SWAP,2200,2206,2199,2205,1,1,1,1740960000000,1
                """)).hasMessageContaining("line 3, column 1 (instrument): \"ETH-USDT-SWAP\" where the rows before name"
                + " \"BTC-USDT-SWAP\"; a replay plays one instrument: keep its rows only");
    }

    @Test
    void aRowWithAnotherNumberOfColumnsThanTheHeaderIsRefused() throws IOException {
        assertThatThrownBy(() -> read("export.csv", "time,open,high,low,close,volume\n1740960000,1,2,1,1,5\n1740960060,1,2,1,1\n"))
                .hasMessageContaining("line 3: has 5 columns; the header has 6");
    }

    @Test
    void sixColumnsWithoutAHeaderAndWithoutBybitsMetaTraderTimeAskForAHeader() throws IOException {
        assertThatThrownBy(() -> read("export.csv", "1740960000000,60000,60010,59950,59990,1\n"))
                .hasMessageContaining("line 1: the first row has 6 columns, which no known export has without a header;"
                        + " if it is another export, add a first line naming its columns, e.g. time,open,high,low,close");
    }

    @Test
    void aDecimalCommaIsRefusedSayingToWriteAPoint() throws IOException {
        assertThatThrownBy(() -> read("export.csv", "time;open;high;low;close\n1740960000;60000,5;60010;59950;59990\n"))
                .hasMessageContaining("line 2, column 2 (open): not a decimal number, got \"60000,5\" (write decimals"
                        + " with a point)");
    }

    @Test
    void jsonObjectsMissingAFieldOrTheOpenTimeAreRefused() throws IOException {
        assertThatThrownBy(() -> read("export.json", """
                [{"t":1740960000000,"o":"1","h":"2","l":"1","c":"1"},{"t":1740960060000,"o":"1","h":"2","l":"1"}]"""))
                .hasMessageContaining("row 2: has no field \"c\"");
        assertThatThrownBy(() -> read("export.json", """
                [{"when":1740960000000,"o":"1","h":"2","l":"1","c":"1"}]"""))
                .hasMessageContaining("row 1: no field is the open time")
                .hasMessageContaining("the fields are when,o,h,l,c");
        assertThatThrownBy(() -> read("export.json", """
                [{"t":"yesterday","o":"1","h":"2","l":"1","c":"1"}]"""))
                .hasMessageContaining("row 1, field \"t\" (open time): not a time, got \"yesterday\"");
        assertThatThrownBy(() -> read("export.json", """
                [{"t":1740960000000,"o":"1","h":"x","l":"1","c":"1"}]"""))
                .hasMessageContaining("row 1, field \"h\" (high): not a decimal number, got \"x\"");
    }
}
