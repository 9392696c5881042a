package io.datastream.normalize;

import static io.datastream.normalize.EventAssert.assertEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.networknt.schema.ValidationMessage;
import io.datastream.model.AggTrade;
import io.datastream.model.Book;
import io.datastream.model.BookTicker;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.Kline;
import io.datastream.model.Liquidation;
import io.datastream.model.MarkPrice;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.model.Schemas;
import io.datastream.model.Ticker;
import io.datastream.model.Trade;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BinanceNormalizerTest {

    static final long RECV = 1_700_000_000_123_456L;
    static final FrameContext SPOT = new FrameContext("binance", "spot", RECV);
    static final FrameContext USDM = new FrameContext("binance", "usdm", RECV);
    static final FrameContext COINM = new FrameContext("binance", "coinm", RECV);
    static final List<RecordedFrames.Frame> RECORDING = RecordedFrames.read(BinanceRecordingTest.FILE);

    final BinanceNormalizer normalizer = new BinanceNormalizer();

    MarketEvent one(String frame, FrameContext ctx) {
        List<MarketEvent> events = normalizer.normalize(frame, ctx);
        assertThat(events).hasSize(1);
        Schemas.assertValid(EventJson.write(events.get(0), 1, ctx.recvTs() + 1));
        return events.get(0);
    }

    /** The recorded frame on 1-based {@code line} of BINANCE.ws.1.0, normalized with its recorded receive time. */
    MarketEvent recorded(int line) {
        RecordedFrames.Frame frame = RECORDING.stream().filter(f -> f.line() == line).findFirst().orElseThrow();
        MarketEvent event = one(frame.json(), new FrameContext("binance", "spot", frame.recvTs()));
        assertThat(event.recvTs()).isEqualTo(frame.recvTs());
        return event;
    }

    BadFrameException bad(String frame) {
        return catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(frame, SPOT));
    }

    // ---- spot: the REAL frames of PROTOCOLS.md §1 are lines of the recording (every other recorded frame is checked
    // field by field in BinanceRecordingTest) ----

    @Test
    void should_normalize_recorded_depth_updates() {
        // PROTOCOLS.md §1 "diff depth REAL"
        assertEvent(recorded(2), "binance:spot:nknusdt:depth", "NKNUSDT", 1633998512068000L, 1633998512063356L,
                new Depth(List.of(new PriceLevel("0.35130000", "6195.00000000"),
                        new PriceLevel("0.34750000", "5548.00000000"), new PriceLevel("0.34640000", "6222.00000000")),
                        List.of(), 499869750L, 499869752L, null));

        assertThat(recorded(3).payload()).isEqualTo(new Depth(List.of(new PriceLevel("0.35170000", "4265.00000000")),
                List.of(new PriceLevel("0.35290000", "10968.00000000")), 499869753L, 499869754L, null));
        assertThat(recorded(50).payload()).isEqualTo(new Depth(List.of(new PriceLevel("0.35150000", "196.00000000")),
                List.of(), 499869821L, 499869821L, null));
        assertThat(recorded(50).ts()).isEqualTo(1633998520672000L);
        MarketEvent blz = recorded(100);
        assertThat(blz.channel().toString()).isEqualTo("binance:spot:blzeth:depth");
        assertThat(blz.payload()).isEqualTo(new Depth(List.of(new PriceLevel("0.00006542", "5562.00000000")),
                List.of(), 281916630L, 281916630L, null));
        MarketEvent last = recorded(266);
        assertThat(last.ts()).isEqualTo(1633998542082000L);
        assertThat(last.payload()).isEqualTo(new Depth(List.of(),
                List.of(new PriceLevel("0.35360000", "16324.00000000")), 499870179L, 499870179L, null));
    }

    @Test
    void should_keep_zero_quantities_verbatim_as_removals() {
        MarketEvent rune = recorded(75);
        assertThat(rune.channel().toString()).isEqualTo("binance:spot:runeeur:depth");
        assertThat(((Depth) rune.payload()).bids()).containsExactly(new PriceLevel("6.24800000", "91.40000000"),
                new PriceLevel("6.08400000", "0.00000000"));
        MarketEvent later = recorded(265);
        assertThat(later.ts()).isEqualTo(1633998541982000L);
        assertThat(later.recvTs()).isEqualTo(1633998541989086L);
        assertThat(((Depth) later.payload()).firstUpdateId()).isEqualTo(15602512L);
    }

    @Test
    void should_normalize_recorded_spot_book_tickers_with_receive_time() {
        // PROTOCOLS.md §1 "bookTicker REAL": spot has no E, so ts is the receive time
        assertEvent(recorded(9), "binance:spot:nknusdt:bookTicker", "NKNUSDT", 1633998513377805L, 1633998513377805L,
                new BookTicker("0.35210000", "672.00000000", "0.35260000", "3199.00000000", 499869768L));
        assertThat(recorded(116).payload()).isEqualTo(
                new BookTicker("0.35230000", "630.00000000", "0.35300000", "3271.00000000", 499869950L));
        assertThat(recorded(234).payload()).isEqualTo(
                new BookTicker("0.35270000", "7246.00000000", "0.35310000", "152.00000000", 499870131L));
        MarketEvent blz = recorded(131);
        assertThat(blz.channel().toString()).isEqualTo("binance:spot:blzeth:bookTicker");
        assertThat(blz.payload()).isEqualTo(
                new BookTicker("0.00006547", "100.00000000", "0.00006560", "1528.00000000", 281916636L));
    }

    @Test
    void should_normalize_recorded_agg_trades() {
        // PROTOCOLS.md §1 "aggTrade REAL"
        MarketEvent nkn = recorded(110);
        assertEvent(nkn, "binance:spot:nknusdt:aggTrade", "NKNUSDT", 1633998523963000L, nkn.recvTs(),
                new AggTrade("15683430", "0.35280000", "58.00000000", "buy", "19862790", "19862790"));
        MarketEvent lrc = recorded(209);
        assertEvent(lrc, "binance:spot:lrcbtc:aggTrade", "LRCBTC", 1633998534486000L, lrc.recvTs(),
                new AggTrade("9213679", "0.00000638", "177.00000000", "buy", "12368013", "12368013"));
    }

    @Test
    void should_normalize_recorded_klines() {
        // PROTOCOLS.md §1 "kline REAL"
        MarketEvent nkn = recorded(111);
        assertEvent(nkn, "binance:spot:nknusdt:kline_1m", "NKNUSDT", 1633998523963000L, nkn.recvTs(),
                new Kline("1m", 1633998480000000L, 1633998539999000L, "0.35270000", "0.35280000", "0.35220000",
                        "0.35280000", "25877.00000000", 30, false));
        MarketEvent lrc = recorded(207);
        assertThat(lrc.channel().toString()).isEqualTo("binance:spot:lrcbtc:kline_1m");
        assertThat(lrc.payload()).isEqualTo(new Kline("1m", 1633998480000000L, 1633998539999000L, "0.00000638",
                "0.00000638", "0.00000638", "0.00000638", "177.00000000", 1, false));
    }

    @Test
    void should_match_the_protocols_md_real_spot_frames_to_their_recorded_lines() {
        // the REAL spot frames printed in PROTOCOLS.md §1 are these lines of BINANCE.ws.1.0 verbatim
        assertThat(RECORDING.stream().filter(f -> f.line() == 110).findFirst().orElseThrow().json()).isEqualTo("""
                {"stream":"nknusdt@aggTrade","data":{"e":"aggTrade","E":1633998523963,"s":"NKNUSDT","a":15683430,"p":"0.35280000","q":"58.00000000","f":19862790,"l":19862790,"T":1633998523963,"m":false,"M":true}}""");
        assertThat(RECORDING.stream().filter(f -> f.line() == 9).findFirst().orElseThrow().json()).isEqualTo("""
                {"stream":"nknusdt@bookTicker","data":{"u":499869768,"s":"NKNUSDT","b":"0.35210000","B":"672.00000000","a":"0.35260000","A":"3199.00000000"}}""");
        assertThat(RECORDING.stream().filter(f -> f.line() == 2).findFirst().orElseThrow().json()).isEqualTo("""
                {"stream":"nknusdt@depth@100ms","data":{"e":"depthUpdate","E":1633998512068,"s":"NKNUSDT","U":499869750,"u":499869752,"b":[["0.35130000","6195.00000000"],["0.34750000","5548.00000000"],["0.34640000","6222.00000000"]],"a":[]}}""");
        assertThat(RECORDING.stream().filter(f -> f.line() == 111).findFirst().orElseThrow().json()).isEqualTo("""
                {"stream":"nknusdt@kline_1m","data":{"e":"kline","E":1633998523963,"s":"NKNUSDT","k":{"t":1633998480000,"T":1633998539999,"s":"NKNUSDT","i":"1m","f":19862761,"L":19862790,"o":"0.35270000","c":"0.35280000","h":"0.35280000","l":"0.35220000","v":"25877.00000000","n":30,"x":false,"q":"9116.04600000","V":"58.00000000","Q":"20.46240000","B":"0"}}}""");
    }

    // ---- documentation examples, verbatim from PROTOCOLS.md §1-§3, every field of the event ----

    @Test
    void should_normalize_the_spot_trade_doc_example() {
        MarketEvent trade = one("""
                {"e":"trade","E":1672515782136,"s":"BNBBTC","t":12345,"p":"0.001","q":"100","T":1672515782136,"m":true,"M":true}""", SPOT);

        assertEvent(trade, "binance:spot:bnbbtc:trade", "BNBBTC", 1672515782136000L, RECV,
                new Trade("12345", "0.001", "100", "sell"));
    }

    @Test
    void should_use_trade_time_for_trades_and_accept_microsecond_times() {
        MarketEvent trade = one("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1672515782136999,"
                + "\"s\":\"BTCUSDT\",\"t\":1,\"p\":\"1.0\",\"q\":\"2.0\",\"T\":1672515782136123,\"m\":false}}", SPOT);

        assertThat(trade.ts()).isEqualTo(1672515782136123L);
        assertThat(((Trade) trade.payload()).side()).isEqualTo("buy");
    }

    @Test
    void should_normalize_the_24h_ticker_doc_example() {
        MarketEvent ticker = one("""
                {"e":"24hrTicker","E":1672515782136,"s":"BNBBTC","p":"0.0015","P":"250.00","w":"0.0018","x":"0.0009","c":"0.0025","Q":"10","b":"0.0024","B":"10","a":"0.0026","A":"100","o":"0.0010","h":"0.0025","l":"0.0010","v":"10000","q":"18","O":0,"C":86400000,"F":0,"L":18150,"n":18151}""", SPOT);

        assertEvent(ticker, "binance:spot:bnbbtc:ticker", "BNBBTC", 1672515782136000L, RECV,
                new Ticker("0.0025", "0.0010", "0.0025", "0.0010", "10000", "18", "0.0024", "0.0026"));
    }

    @Test
    void should_normalize_a_futures_ticker_without_best_prices() {
        // PROTOCOLS.md §2: the USD-M 24h ticker is the spot one minus x, b, B, a, A
        MarketEvent ticker = one("{\"e\":\"24hrTicker\",\"E\":1672515782136,\"s\":\"BTCUSDT\",\"p\":\"0.0015\","
                + "\"P\":\"250.00\",\"w\":\"0.0018\",\"c\":\"0.0025\",\"Q\":\"10\",\"o\":\"0.0010\",\"h\":\"0.0025\","
                + "\"l\":\"0.0010\",\"v\":\"10000\",\"q\":\"18\",\"O\":0,\"C\":86400000,\"F\":0,\"L\":18150,"
                + "\"n\":18151}", USDM);

        assertEvent(ticker, "binance:perpetual:btcusdt:ticker", "BTCUSDT", 1672515782136000L, RECV,
                new Ticker("0.0025", "0.0010", "0.0025", "0.0010", "10000", "18", null, null));
    }

    @Test
    void should_normalize_mini_tickers_to_ticker() {
        MarketEvent ticker = one("{\"e\":\"24hrMiniTicker\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"c\":\"0.0025\","
                + "\"o\":\"0.0010\",\"h\":\"0.0025\",\"l\":\"0.0010\",\"v\":\"10000\",\"q\":\"18\"}", SPOT);

        assertThat(ticker.payload()).isEqualTo(new Ticker("0.0025", "0.0010", "0.0025", "0.0010", "10000", "18",
                null, null));
    }

    @Test
    void should_normalize_spot_partial_depth_to_book_using_the_stream_symbol() {
        // the doc example names no symbol: in the combined wrapper it is read from the stream name, raw it is refused
        String doc = """
                {"lastUpdateId": 160, "bids": [["0.0024", "10"]], "asks": [["0.0026", "100"]]}""";
        MarketEvent book = one("{\"stream\":\"bnbbtc@depth5@100ms\",\"data\":" + doc + "}", SPOT);

        assertEvent(book, "binance:spot:bnbbtc:book", "BNBBTC", RECV, RECV, new Book(
                List.of(new PriceLevel("0.0024", "10")), List.of(new PriceLevel("0.0026", "100")), 160, null));
        assertThat(bad(doc).reason()).isEqualTo(BadFrameException.MISSING_FIELD);
    }

    @Test
    void should_normalize_the_usdm_agg_trade_doc_example() {
        String doc = """
                {"e": "aggTrade","E": 123456789,"s": "BTCUSDT","a": 5933014,"p": "0.001","q": "100","f": 100,"l": 105,"T": 123456785,"m": true}""";
        List<MarketEvent> events = normalizer.normalize(doc, USDM);

        assertThat(events).hasSize(1);
        assertEvent(events.get(0), "binance:perpetual:btcusdt:aggTrade", "BTCUSDT", 123456785000L, RECV,
                new AggTrade("5933014", "0.001", "100", "sell", "100", "105"));
        // the doc's made-up times (123456785 ms = 1973) are below the schema's 1e15 µs floor: only 'ts' is refused
        assertThat(Schemas.errors(EventJson.write(events.get(0), 1, RECV + 1)))
                .extracting(ValidationMessage::getInstanceLocation).map(Object::toString).containsExactly("$.ts");
    }

    @Test
    void should_normalize_the_usdm_real_agg_trade() {
        MarketEvent trade = one("""
                {"stream":"ctkusdt@aggTrade","data":{"e":"aggTrade","E":1626992741575,"a":16599292,"s":"CTKUSDT","p":"1.01100","q":"10","f":23961322,"l":23961322,"T":1626992741421,"m":false}}""", USDM);

        assertEvent(trade, "binance:perpetual:ctkusdt:aggTrade", "CTKUSDT", 1626992741421000L, RECV,
                new AggTrade("16599292", "1.01100", "10", "buy", "23961322", "23961322"));
    }

    @Test
    void should_normalize_usdm_book_ticker_with_event_time() {
        MarketEvent ticker = one("""
                {"stream":"sushiusdt@bookTicker","data":{"e":"bookTicker","u":600859600576,"s":"SUSHIUSDT","b":"7.6110","B":"2","a":"7.6120","A":"297","T":1626992741012,"E":1626992741017}}""", USDM);

        assertEvent(ticker, "binance:perpetual:sushiusdt:bookTicker", "SUSHIUSDT", 1626992741017000L, RECV,
                new BookTicker("7.6110", "2", "7.6120", "297", 600859600576L));
    }

    @Test
    void should_normalize_usdm_depth_with_previous_update_id() {
        MarketEvent depth = one("""
                {"stream":"sushiusdt@depth@100ms","data":{"e":"depthUpdate","E":1626992741037,"T":1626992741024,"s":"SUSHIUSDT","U":600859599090,"u":600859600917,"pu":600859598061,"b":[["7.5040","813"],["7.6090","0"],["7.6110","2"]],"a":[["7.6150","1563"],["7.6220","3284"]]}}""", USDM);

        assertEvent(depth, "binance:perpetual:sushiusdt:depth", "SUSHIUSDT", 1626992741037000L, RECV, new Depth(
                List.of(new PriceLevel("7.5040", "813"), new PriceLevel("7.6090", "0"), new PriceLevel("7.6110", "2")),
                List.of(new PriceLevel("7.6150", "1563"), new PriceLevel("7.6220", "3284")),
                600859599090L, 600859600917L, 600859598061L));
    }

    @Test
    void should_normalize_the_usdm_real_kline() {
        MarketEvent kline = one("""
                {"stream":"ctkusdt@kline_1m","data":{"e":"kline","E":1626992741424,"s":"CTKUSDT","k":{"t":1626992700000,"T":1626992759999,"s":"CTKUSDT","i":"1m","f":23961275,"L":23961322,"o":"1.01000","c":"1.01100","h":"1.01100","l":"1.01000","v":"3917","n":48,"x":false,"q":"3957.89900","V":"1729","Q":"1748.01900","B":"0"}}}""", USDM);

        assertEvent(kline, "binance:perpetual:ctkusdt:kline_1m", "CTKUSDT", 1626992741424000L, RECV,
                new Kline("1m", 1626992700000000L, 1626992759999000L, "1.01000", "1.01100", "1.01000", "1.01100",
                        "3917", 48, false));
    }

    @Test
    void should_normalize_usdm_mark_price() {
        MarketEvent mark = one("""
                {"e": "markPriceUpdate","E": 1562305380000,"s": "BTCUSDT","p": "11794.15000000","i": "11784.62659091","P": "11784.25641265","r": "0.00038167","T": 1562306400000}""", USDM);

        assertEvent(mark, "binance:perpetual:btcusdt:markPrice", "BTCUSDT", 1562305380000000L, RECV,
                new MarkPrice("11794.15000000", "11784.62659091", "0.00038167", 1562306400000000L));
    }

    @Test
    void should_normalize_the_usdm_liquidation_doc_example() {
        MarketEvent liquidation = one("""
                {"e":"forceOrder","E":1568014460893,"o":{"s":"BTCUSDT","S":"SELL","o":"LIMIT","f":"IOC","q":"0.014","p":"9910","ap":"9910","X":"FILLED","l":"0.014","z":"0.014","T":1568014460893}}""", USDM);

        assertEvent(liquidation, "binance:perpetual:btcusdt:liquidation", "BTCUSDT", 1568014460893000L, RECV,
                new Liquidation("sell", "9910", "0.014"));
    }

    @Test
    void should_drop_empty_funding_for_coinm_delivery_mark_price() {
        MarketEvent mark = one("""
                {"e":"markPriceUpdate","E":1596095725000,"s":"BTCUSD_201225","p":"10934.62615417","P":"10962.17178236","i":"10933.62615417","r":"","T":0}""", COINM);

        assertEvent(mark, "binance:future:btcusd_201225:markPrice", "BTCUSD_201225", 1596095725000000L, RECV,
                new MarkPrice("10934.62615417", "10933.62615417", null, null));
        assertThat(EventJson.write(mark, 1, RECV)).doesNotContain("fundingRate").doesNotContain("nextFundingTime");
    }

    @Test
    void should_normalize_each_element_of_an_array_stream() {
        List<MarketEvent> events = normalizer.normalize("{\"stream\":\"!markPrice@arr\",\"data\":["
                + "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15\",\"i\":\"1\","
                + "\"r\":\"-0.0001\",\"T\":1562306400000},"
                + "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"ETHUSDT\",\"p\":\"250.5\",\"i\":\"2\","
                + "\"r\":\"0.0001\",\"T\":1562306400000}]}", USDM);

        assertThat(events).extracting(e -> e.channel().toString())
                .containsExactly("binance:perpetual:btcusdt:markPrice", "binance:perpetual:ethusdt:markPrice");
        assertThat(((MarkPrice) events.get(0).payload()).fundingRate()).isEqualTo("-0.0001");
    }

    @Test
    void should_normalize_liquidations_with_unknown_fields_and_either_side() {
        // the live 2026 !forceOrder@arr shape (PROTOCOLS.md §2): extra "ps" and "st" inside "o" are ignored
        MarketEvent usdm = one("{\"e\":\"forceOrder\",\"E\":1568014460893,\"o\":{\"s\":\"BTCUSDT\",\"S\":\"SELL\","
                + "\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"0.014\",\"p\":\"9910\",\"ap\":\"9910\",\"X\":\"FILLED\","
                + "\"l\":\"0.014\",\"z\":\"0.014\",\"T\":1568014460893,\"ps\":\"BTCUSDT\",\"st\":1}}", USDM);
        assertEvent(usdm, "binance:perpetual:btcusdt:liquidation", "BTCUSDT", 1568014460893000L, RECV,
                new Liquidation("sell", "9910", "0.014"));

        // the COIN-M doc example with S turned to BUY
        MarketEvent coinm = one("{\"e\":\"forceOrder\",\"E\": 1591154240950,\"o\":{\"s\":\"BTCUSD_200925\","
                + "\"ps\": \"BTCUSD\",\"S\":\"BUY\",\"o\":\"LIMIT\",\"f\":\"IOC\",\"q\":\"1\",\"p\":\"9425.5\","
                + "\"ap\":\"9496.5\",\"X\":\"FILLED\",\"l\":\"1\",\"z\":\"1\",\"T\": 1591154240949}}", COINM);
        assertEvent(coinm, "binance:future:btcusd_200925:liquidation", "BTCUSD_200925", 1591154240950000L, RECV,
                new Liquidation("buy", "9425.5", "1"));
    }

    @Test
    void should_normalize_the_coinm_liquidation_doc_example() {
        MarketEvent liquidation = one("""
                {"e":"forceOrder","E": 1591154240950,"o":{"s":"BTCUSD_200925","ps": "BTCUSD","S":"SELL","o":"LIMIT","f":"IOC","q":"1","p":"9425.5","ap":"9496.5","X":"FILLED","l":"1","z":"1","T": 1591154240949}}""", COINM);

        assertEvent(liquidation, "binance:future:btcusd_200925:liquidation", "BTCUSD_200925", 1591154240950000L, RECV,
                new Liquidation("sell", "9425.5", "1"));
    }

    @Test
    void should_normalize_the_full_coinm_real_depth_frame() {
        MarketEvent depth = one("""
                {"stream":"bchusd_perp@depth@100ms","data":{"e":"depthUpdate","E":1626916403873,"T":1626916403864,"s":"BCHUSD_PERP","ps":"BCHUSD","U":167006084465,"u":167006084895,"pu":167006084238,"b":[["427.27","0"],["427.53","260"],["427.61","17"],["427.69","0"],["427.75","228"],["427.84","24"],["427.91","0"]],"a":[["427.90","669"],["427.91","24"],["427.92","670"],["428.19","676"]]}}""", COINM);

        assertEvent(depth, "binance:perpetual:bchusd_perp:depth", "BCHUSD_PERP", 1626916403873000L, RECV, new Depth(
                List.of(new PriceLevel("427.27", "0"), new PriceLevel("427.53", "260"), new PriceLevel("427.61", "17"),
                        new PriceLevel("427.69", "0"), new PriceLevel("427.75", "228"), new PriceLevel("427.84", "24"),
                        new PriceLevel("427.91", "0")),
                List.of(new PriceLevel("427.90", "669"), new PriceLevel("427.91", "24"), new PriceLevel("427.92", "670"),
                        new PriceLevel("428.19", "676")),
                167006084465L, 167006084895L, 167006084238L));
    }

    @Test
    void should_normalize_the_coinm_real_book_ticker() {
        MarketEvent ticker = one("""
                {"stream":"bchusd_perp@bookTicker","data":{"u":167006084895,"e":"bookTicker","s":"BCHUSD_PERP","ps":"BCHUSD","b":"427.84","B":"24","a":"427.90","A":"669","T":1626916403864,"E":1626916403871}}""", COINM);

        assertEvent(ticker, "binance:perpetual:bchusd_perp:bookTicker", "BCHUSD_PERP", 1626916403871000L, RECV,
                new BookTicker("427.84", "24", "427.90", "669", 167006084895L));
    }

    @Test
    void should_normalize_the_coinm_real_agg_trade() {
        MarketEvent trade = one("""
                {"stream":"bchusd_perp@aggTrade","data":{"e":"aggTrade","E":1626916404006,"a":11285749,"s":"BCHUSD_PERP","p":"427.91","q":"3","f":16034449,"l":16034449,"T":1626916403852,"m":true}}""", COINM);

        assertEvent(trade, "binance:perpetual:bchusd_perp:aggTrade", "BCHUSD_PERP", 1626916403852000L, RECV,
                new AggTrade("11285749", "427.91", "3", "sell", "16034449", "16034449"));
    }

    @Test
    void should_map_futures_partial_depth_streams_to_book() {
        // the COIN-M partial depth doc example (its elided "…" levels left out), on a partial-depth stream
        MarketEvent book = one("""
                {"stream":"btcusd_200626@depth5@100ms","data":{"e":"depthUpdate","E":1591269996801,"T":1591269996646,"s":"BTCUSD_200626","ps":"BTCUSD","U":17276694,"u":17276701,"pu":17276678,"b":[["9523.0","5"],["9522.8","8"]],"a":[["9524.6","2"]]}}""", COINM);

        assertEvent(book, "binance:future:btcusd_200626:book", "BTCUSD_200626", 1591269996801000L, RECV,
                new Book(List.of(new PriceLevel("9523.0", "5"), new PriceLevel("9522.8", "8")),
                        List.of(new PriceLevel("9524.6", "2")), 17276701L, null));
    }

    @ParameterizedTest
    @CsvSource({"spot,BTCUSDT,spot", "usdm,BTCUSDT,perpetual", "usdm,BTCUSDT_260327,future",
        "coinm,BTCUSD_PERP,perpetual", "coinm,BTCUSD_200925,future"})
    void should_derive_the_channel_market_from_venue_and_symbol(String venue, String symbol, String market) {
        MarketEvent trade = one("{\"e\":\"aggTrade\",\"E\":1626916404006,\"a\":1,\"s\":\"" + symbol + "\","
                + "\"p\":\"1\",\"q\":\"1\",\"f\":1,\"l\":1,\"T\":1626916403852,\"m\":true}",
                new FrameContext("binance", venue, RECV));

        assertThat(trade.channel().market()).isEqualTo(market);
        assertThat(trade.channel().symbol()).isEqualTo(symbol.toLowerCase());
    }

    // ---- control frames: every reply and event of PROTOCOLS.md §1 verbatim ----

    @ParameterizedTest
    @ValueSource(strings = {"{\"result\": null, \"id\": 1}", "{\"result\": null, \"id\": 312}",
        "{\"result\": [\"btcusdt@aggTrade\"], \"id\": 3}", "{\"result\": null, \"id\": 5}",
        "{\"result\": true, \"id\": 2}", "{\"result\":null,\"id\":\"abc-1\"}",
        "{ \"e\": \"serverShutdown\", \"E\": 1770123456789 }",
        "{ \"stream\": \"!serverShutdown\", \"data\": { \"e\": \"serverShutdown\", \"E\": 1770123456789 } }",
        "{\"stream\":\"!markPrice@arr\",\"data\":[]}"})
    void should_return_no_events_for_control_frames(String frame) {
        assertThat(normalizer.normalize(frame, SPOT)).isEmpty();
    }

    /** PROTOCOLS.md §1 "Error Messages" verbatim, {@code %s} filled in. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
        '{"code": 0, "msg": "Unknown property","id": 7}'                                                  | 0 | Unknown property
        '{"code": 1, "msg": "Invalid value type: expected Boolean"}'                                      | 1 | Invalid value type: expected Boolean
        '{"code": 2, "msg": "Invalid request: property name must be a string"}'                           | 2 | Invalid request: property name must be a string
        '{"code": 2, "msg": "Invalid request: request ID must be an unsigned integer"}'                   | 2 | Invalid request: request ID must be an unsigned integer
        '{"code": 2, "msg": "Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28"}' | 2 | Invalid request: unknown variant `SUBSCRIB`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 28
        '{"code": 2, "msg": "Invalid request: too many parameters"}'                                      | 2 | Invalid request: too many parameters
        '{"code": 2, "msg": "Invalid request: missing field `method` at line 1 column 73"}'               | 2 | Invalid request: missing field `method` at line 1 column 73
        '{"code":3,"msg":"Invalid JSON: expected value at line 1 column 2"}'                              | 3 | Invalid JSON: expected value at line 1 column 2
        """)
    void should_reject_every_documented_error_reply(String frame, int code, String msg) {
        BadFrameException ex = bad(frame);

        assertThat(ex.reason()).isEqualTo(BadFrameException.ERROR_REPLY);
        assertThat(ex.getMessage()).contains("code " + code).contains(msg);
    }

    // ---- bad input ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"stream\":\"nknusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\"   | malformed_json",
        "hello                                                          | malformed_json",
        "{\"result\":null,\"id\":1} trailing                            | malformed_json",
        "{'e':'trade'}                                                  | malformed_json",
        "[]                                                             | not_an_object",
        "[{\"e\":\"trade\"}]                                            | not_an_object",
        "42                                                             | not_an_object",
        "\"text\"                                                       | not_an_object",
        "null                                                           | not_an_object",
        "{\"stream\":\"x@trade\",\"data\":\"oops\"}                     | not_an_object",
        "{\"stream\":\"x@trade\",\"data\":[1]}                          | not_an_object",
        "{\"stream\":\"x@trade\"}                                       | missing_field",
        "{\"stream\":7,\"data\":{}}                                     | invalid_field",
        "{\"e\":\"foo\"}                                                | unknown_event",
        "{\"e\":\"avgPrice\",\"E\":1,\"s\":\"BTCUSDT\"}                 | unknown_event",
        "{}                                                             | unknown_event",
        "{\"foo\":1}                                                    | unknown_event",
        "{\"e\":7}                                                      | invalid_field",
        "{\"code\": 2, \"msg\": \"Invalid request: too many parameters\"} | error_reply",
        "{\"code\": 0, \"msg\": \"Unknown property\",\"id\": 5}          | error_reply"})
    void should_reject_bad_frames_with_a_reason(String frame, String reason) {
        BadFrameException ex = bad(frame.strip());
        assertThat(ex).as("exception for %s", frame).isNotNull();
        assertThat(ex.reason()).isEqualTo(reason.strip());
        assertThat(ex.getMessage()).isNotBlank();
    }

    @Test
    void should_reject_empty_frames() {
        assertThat(bad("").reason()).isEqualTo(BadFrameException.EMPTY_FRAME);
        assertThat(bad("  \n").reason()).isEqualTo(BadFrameException.EMPTY_FRAME);
        assertThat(bad(null).reason()).isEqualTo(BadFrameException.EMPTY_FRAME);
    }

    static final String AGG = "{\"e\":\"aggTrade\",\"E\":1633998523963,\"s\":\"NKNUSDT\",\"a\":15683430,"
            + "\"p\":\"0.35280000\",\"q\":\"58.00000000\",\"f\":19862790,\"l\":19862790,\"T\":1633998523963,"
            + "\"m\":false,\"M\":true}";

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"p\":\"0.35280000\"   | \"p\":12                | 'p'",
        "\"p\":\"0.35280000\"   | \"p\":0.3528            | 'p'",
        "\"p\":\"0.35280000\"   | \"p\":\"1e-3\"          | 'p'",
        "\"p\":\"0.35280000\"   | \"p\":\"abc\"           | 'p'",
        "\"p\":\"0.35280000\"   | \"p\":\"\"              | 'p'",
        "\"a\":15683430         | \"a\":\"abc\"           | 'a'",
        "\"a\":15683430         | \"a\":1.5               | 'a'",
        "\"T\":1633998523963    | \"T\":\"1633998523963\" | 'T'",
        "\"T\":1633998523963    | \"T\":-1                | 'T'",
        "\"m\":false            | \"m\":\"false\"         | 'm'",
        "\"s\":\"NKNUSDT\"      | \"s\":\"NKN USDT\"      | 's'",
        "\"s\":\"NKNUSDT\"      | \"s\":[]                | 's'",
        "\"a\":15683430         | \"a\":99999999999999999999 | 'a'"})
    void should_reject_wrong_field_types_as_invalid_field(String from, String to, String field) {
        BadFrameException ex = bad(AGG.replace(from.strip(), to.strip()));

        assertThat(ex.reason()).isEqualTo(BadFrameException.INVALID_FIELD);
        assertThat(ex.getMessage()).contains("aggTrade").contains(field.strip());
    }

    @Test
    void should_reject_missing_fields_naming_field_and_event() {
        BadFrameException ex = bad(AGG.replace("\"p\":\"0.35280000\",", ""));
        assertThat(ex.reason()).isEqualTo(BadFrameException.MISSING_FIELD);
        assertThat(ex.getMessage()).isEqualTo("aggTrade: missing field 'p'");

        assertThat(bad(AGG.replace("\"m\":false,", "\"m\":null,")).reason()).isEqualTo(BadFrameException.MISSING_FIELD);
        assertThat(bad("{\"e\":\"kline\",\"E\":1,\"s\":\"BTCUSDT\"}").getMessage()).isEqualTo("kline: missing field 'k'");
    }

    @Test
    void should_reject_bad_trade_ids_kline_intervals_and_levels() {
        String trade = "{\"e\":\"trade\",\"E\":1672515782136,\"s\":\"BNBBTC\",\"t\":12345,\"p\":\"0.001\","
                + "\"q\":\"100\",\"T\":1672515782136,\"m\":true}";
        assertThat(bad(trade.replace("\"t\":12345", "\"t\":\"abc\"")).reason())
                .isEqualTo(BadFrameException.INVALID_FIELD);

        String depth = "{\"e\":\"depthUpdate\",\"E\":1633998512068,\"s\":\"NKNUSDT\",\"U\":1,\"u\":2,"
                + "\"b\":[[\"0.35130000\",\"6195.00000000\"]],\"a\":[]}";
        assertThat(normalizer.normalize(depth, SPOT)).hasSize(1);
        assertThat(bad(depth.replace("\"a\":[]", "\"a\":{}")).getMessage()).contains("depthUpdate").contains("'a'");
        assertThat(bad(depth.replace("[[\"0.35130000\",\"6195.00000000\"]]", "[[0.3513,\"6195\"]]")).reason())
                .isEqualTo(BadFrameException.INVALID_FIELD);
        assertThat(bad(depth.replace("[[\"0.35130000\",\"6195.00000000\"]]", "[[\"0.3513\"]]")).reason())
                .isEqualTo(BadFrameException.INVALID_FIELD);
        assertThat(bad(depth.replace("\"U\":1,", "")).reason()).isEqualTo(BadFrameException.MISSING_FIELD);

        String kline = "{\"e\":\"kline\",\"E\":1,\"s\":\"X\",\"k\":{\"t\":1,\"T\":2,\"i\":\"7m\",\"o\":\"1\","
                + "\"c\":\"1\",\"h\":\"1\",\"l\":\"1\",\"v\":\"1\",\"n\":1,\"x\":true}}";
        assertThat(bad(kline).getMessage()).contains("kline").contains("'k.i'").contains("7m");
        assertThat(bad(AGG.replace("\"e\":\"aggTrade\"", "\"e\":\"forceOrder\"")).getMessage())
                .isEqualTo("forceOrder: missing field 'o'");
    }

    @Test
    void should_ignore_unknown_fields() {
        String withExtras = AGG.replace("\"M\":true", "\"M\":true,\"zz\":{\"nested\":[1,2.5]},\"X\":\"NEW\"");

        assertThat(normalizer.normalize(withExtras, SPOT)).hasSize(1);
    }

    @Test
    void should_reject_an_unknown_venue_as_a_configuration_error() {
        assertThatThrownBy(() -> normalizer.normalize(AGG, new FrameContext("binance", "perpetual", RECV)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown binance venue 'perpetual'");
    }

    @Test
    void should_name_itself_binance() {
        assertThat(normalizer.exchange()).isEqualTo("binance");
    }
}
