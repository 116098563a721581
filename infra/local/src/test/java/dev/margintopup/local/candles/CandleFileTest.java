package dev.margintopup.local.candles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.margintopup.policy.Candle;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every export format with rows shaped as the venues write them, and every rule of the reader. */
class CandleFileTest {

    private static final Instant T0 = Instant.parse("2025-03-03T00:00:00Z");

    private static CandleFile parse(String text) {
        return CandleFile.parse("export", text, "auto", null);
    }

    private static List<String> ohlc(Candle c) {
        return java.util.stream.Stream.of(c.open(), c.high(), c.low(), c.close())
                .map(p -> p.stripTrailingZeros().toPlainString()).toList();
    }

    @Test
    void binanceUsdmRestKlinesAreReadOldestFirst() {
        CandleFile file = parse("""
                [[1740960000000,"60000.00","60010.50","59950.10","59990.00","123.456",1740960059999,"7405123.12",1520,"60.100","3605000.10","0"],
                 [1740960060000,"59990.00","60005.00","59900.00","59920.40","98.002",1740960119999,"5872001.77",1311,"41.000","2457000.00","0"]]""");

        assertThat(file.format()).isEqualTo(CandleFormat.BINANCE_USDM);
        assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0, T0.plusSeconds(60));
        assertThat(ohlc(file.minutes().getFirst())).containsExactly("60000", "60010.5", "59950.1", "59990");
        assertThat(ohlc(file.minutes().getLast())).containsExactly("59990", "60005", "59900", "59920.4");
    }

    @Test
    void binanceDataDumpCsvIsReadWithOrWithoutItsHeaderAndInMicroseconds() {
        String header = "open_time,open,high,low,close,volume,close_time,quote_volume,count,taker_buy_volume,"
                + "taker_buy_quote_volume,ignore\n";
        String rows = """
                1740960000000,60000.0,60010.5,59950.1,59990.0,123.456,1740960059999,7405123.12,1520,60.1,3605000.1,0
                1740960060000,59990.0,60005.0,59900.0,59920.4,98.002,1740960119999,5872001.77,1311,41.0,2457000.0,0
                """;
        String micro = """
                1740960000000000,60000.0,60010.5,59950.1,59990.0,123.456,1740960059999999,7405123.12,1520,60.1,3605000.1,0
                1740960060000000,59990.0,60005.0,59900.0,59920.4,98.002,1740960119999999,5872001.77,1311,41.0,2457000.0,0
                """;

        for (String text : List.of(header + rows, rows, header + micro)) {
            CandleFile file = parse(text);
            assertThat(file.format()).isEqualTo(CandleFormat.BINANCE_USDM);
            assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0, T0.plusSeconds(60));
            assertThat(ohlc(file.minutes().getLast())).containsExactly("59990", "60005", "59900", "59920.4");
        }
    }

    @Test
    void bybitV5KlineAnswerIsNewestFirstAndNamesItsSymbol() {
        CandleFile file = parse("""
                {"retCode":0,"retMsg":"OK","result":{"symbol":"ETHUSDT","category":"linear","list":[
                  ["1740960120000","2210.5","2212","2190.25","2195","1520.3","3355000.1"],
                  ["1740960060000","2205","2211","2204.5","2210.5","820.1","1810000"],
                  ["1740960000000","2200","2206","2199","2205","640","1410000"]]},"retExtInfo":{},"time":1740960150000}""");

        assertThat(file.format()).isEqualTo(CandleFormat.BYBIT_V5);
        assertThat(file.symbol()).isEqualTo("ETHUSDT");
        assertThat(file.minutes()).extracting(Candle::openTime)
                .containsExactly(T0, T0.plusSeconds(60), T0.plusSeconds(120));
        assertThat(ohlc(file.minutes().getLast())).containsExactly("2210.5", "2212", "2190.25", "2195");
    }

    @Test
    void bybitCsvIsReadWithItsHeader() {
        CandleFile file = parse("""
                startTime,openPrice,highPrice,lowPrice,closePrice,volume,turnover
                1740960060000,2205,2211,2204.5,2210.5,820.1,1810000
                1740960000000,2200,2206,2199,2205,640,1410000
                """);

        assertThat(file.format()).isEqualTo(CandleFormat.BYBIT_V5);
        assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0, T0.plusSeconds(60));
    }

    @Test
    void okxV5CandlesAnswerIsNewestFirst() {
        CandleFile file = parse("""
                {"code":"0","msg":"","data":[
                  ["1740960060000","59990","60005","59980","60000","125","1.25","75000","0"],
                  ["1740960000000","60000","60010","59950","59990","310","3.1","186000","1"]]}""");

        assertThat(file.format()).isEqualTo(CandleFormat.OKX_V5);
        assertThat(file.minutes()).extracting(Candle::openTime).containsExactly(T0, T0.plusSeconds(60));
        assertThat(ohlc(file.minutes().getFirst())).containsExactly("60000", "60010", "59950", "59990");
    }

    @Test
    void okxCsvIsReadWithOrWithoutItsHeader() {
        String rows = """
                1740960060000,59990,60005,59980,60000,125,1.25,75000,1
                1740960000000,60000,60010,59950,59990,310,3.1,186000,1
                """;

        assertThat(parse("ts,o,h,l,c,vol,volCcy,volCcyQuote,confirm\n" + rows).format()).isEqualTo(CandleFormat.OKX_V5);
        assertThat(parse(rows).minutes()).hasSize(2);
    }

    @Test
    void jsonOfAnotherShapeIsRefusedNamingTheKnownFormats() {
        assertThatThrownBy(() -> parse("{\"candles\":[]}"))
                .isInstanceOf(CandleFileException.class)
                .hasMessageContaining("binance-usdm = Binance USD-M klines")
                .hasMessageContaining("bybit-v5 = ").hasMessageContaining("okx-v5 = ");
    }

    @Test
    void csvWithAnUnknownNumberOfColumnsIsRefusedNamingTheKnownFormats() {
        assertThatThrownBy(() -> parse("1740960000000,1,2,0.5,1.5\n"))
                .hasMessageContaining("export: line 1: the first row has 5 columns, which no known export has")
                .hasMessageContaining("okx-v5 = ");
    }

    @Test
    void headerWithoutAnOpenColumnIsRefusedNamingWhatItNeedsAndWhatItHas() {
        assertThatThrownBy(() -> parse("time,volume,high,low,close,a,b\n1740960000000,1,2,0.5,1.5,1,1\n"))
                .hasMessageContaining("export: line 1: no column is the open (one named open or o or openprice")
                .hasMessageContaining("the columns are time,volume,high,low,close,a,b");
    }

    @Test
    void badCsvCellNamesItsLineAndColumn() {
        assertThatThrownBy(() -> parse("""
                startTime,openPrice,highPrice,lowPrice,closePrice,volume,turnover
                1740960000000,2200,2206,2199,2205,640,1410000
                1740960060000,2205,2211,abc,2210.5,820.1,1810000
                """)).hasMessage("export: line 3, column 4 (low): not a decimal number, got \"abc\"");
        assertThatThrownBy(() -> parse("1740960000000,2200,2206,2199,2205,640,1\n1740960060000,2205,2211,2204\n"))
                .hasMessageContaining("line 2: has 4 columns; a bybit-v5 row has 7")
                .hasMessageContaining("line 2");
    }

    @Test
    void badJsonCellNamesItsRowAndColumn() {
        assertThatThrownBy(() -> parse("""
                {"code":"0","data":[["1740960000000","60000","x","59950","59990","1","1","1","1"]]}"""))
                .hasMessage("export: row 1, column 3 (high): not a decimal number, got \"x\"");
        assertThatThrownBy(() -> parse("[[\"2025-03-03\",\"1\",\"1\",\"1\",\"1\",\"1\",1,\"1\",1,\"1\",\"1\",\"0\"]]"))
                .hasMessageStartingWith("export: row 1, column 1 (open time): a date without a time of day, got"
                        + " \"2025-03-03\"");
    }

    @Test
    void candleWhoseHighIsBelowItsCloseIsRefusedWithItsLine() {
        assertThatThrownBy(() -> parse("1740960000000,2200,2204,2199,2205,640,1410000\n"))
                .hasMessageStartingWith("export: line 1: a candle's high must be its highest price");
    }

    @Test
    void openTimeOffTheMinuteIsRefused() {
        assertThatThrownBy(() -> parse("1740960000500,2200,2206,2199,2205,640,1410000\n"))
                .hasMessageContaining("line 1, column 1 (open time): not the start of a minute");
    }

    @Test
    void missingMinutesAreFilledFlatAtThePreviousCloseAndCounted() {
        CandleFile file = parse("""
                1740960000000,2200,2206,2199,2205,640,1410000
                1740960060000,2205,2207,2201,2203,640,1410000
                1740960240000,2190,2195,2180,2188,640,1410000
                """);

        assertThat(file.minutes()).hasSize(5);
        assertThat(file.filledMinutes()).isEqualTo(2);
        assertThat(ohlc(file.minutes().get(2))).containsExactly("2203", "2203", "2203", "2203");
        assertThat(file.minutes().get(3).openTime()).isEqualTo(T0.plusSeconds(180));
        assertThat(ohlc(file.minutes().get(4))).containsExactly("2190", "2195", "2180", "2188");
    }

    @Test
    void aMinuteRepeatedWithTheSamePricesIsKeptOnceAndWithOtherPricesIsRefused() {
        CandleFile same = parse("""
                1740960000000,2200,2206,2199,2205,640,1410000
                1740960060000,2205,2211,2204.5,2210.5,820.1,1810000
                1740960000000,2200.0,2206,2199,2205,640,1410000
                """);
        assertThat(same.minutes()).hasSize(2);
        assertThat(same.duplicatesDropped()).isEqualTo(1);

        assertThatThrownBy(() -> parse("""
                1740960000000,2200,2206,2199,2205,640,1410000
                1740960000000,2200,2207,2199,2205,640,1410000
                """)).hasMessage("export: line 2: gives the minute 2025-03-03T00:00:00Z other prices than line 1;"
                + " remove one of them");
    }

    @Test
    void candlesLongerThanAMinuteAreRefused() {
        assertThatThrownBy(() -> parse("""
                1740960000000,2200,2206,2199,2205,640,1410000
                1740960300000,2205,2211,2204.5,2210.5,820.1,1810000
                1740960600000,2210.5,2212,2190.25,2195,1,1
                """)).hasMessageContaining("its candles are 5 minutes apart; a replay needs one-minute candles");
    }

    @Test
    void formatNamedThatTheFileIsNotIsRefusedSayingWhatItLooksLike() {
        assertThatThrownBy(() -> CandleFile.parse("export", "1740960000000,2200,2206,2199,2205,640,1410000\n",
                "okx-v5", null)).hasMessageContaining("format: is \"okx-v5\" but the file is shaped like Bybit v5");
        assertThatThrownBy(() -> CandleFile.parse("export", "[]", "kraken", null))
                .hasMessageContaining("unknown format \"kraken\"; known: auto, binance-usdm, bybit-v5, okx-v5");
    }

    @Test
    void venueErrorAnswersSavedAsFilesAreRefusedAsSuch() {
        assertThatThrownBy(() -> parse("{\"retCode\":10001,\"retMsg\":\"params error\",\"result\":{\"list\":[]}}"))
                .hasMessageContaining("Bybit's error answer (10001 params error)");
        assertThatThrownBy(() -> parse("{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}"))
                .hasMessageContaining("OKX's error answer (51001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n", "[]", "open_time,open,high,low,close,volume,close_time,quote_volume,count,"
            + "taker_buy_volume,taker_buy_quote_volume,ignore\n"})
    void fileWithoutCandlesIsRefused(String text) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(CandleFileException.class).hasMessageStartingWith("export: ");
    }

    @Test
    void symbolIsTakenFromTheUsualFileNames() {
        assertThat(CandleFile.symbolFromName("BTCUSDT-1m-2024-03-01.csv")).isEqualTo("BTCUSDT");
        assertThat(CandleFile.symbolFromName("BTC-USDT-SWAP-candlesticks-2024-03-01.csv")).isEqualTo("BTCUSDT");
        assertThat(CandleFile.symbolFromName("export.json")).isNull();
    }
}
