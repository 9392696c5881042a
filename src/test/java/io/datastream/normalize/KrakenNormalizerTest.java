package io.datastream.normalize;

import static io.datastream.normalize.EventAssert.assertEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.BookTicker;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.Kline;
import io.datastream.model.MarkPrice;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.model.Schemas;
import io.datastream.model.Ticker;
import io.datastream.model.Trade;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Kraken frame of PROTOCOLS.md §4 (spot v2) and §5 (futures), field by field; the §4b spot v1 frames are refused
 * (the service speaks v2 only); every book frame of the real v1 recording KRAKEN.ws.50.0, rewritten as v2, field by field.
 */
class KrakenNormalizerTest {

    static final long RECV = 1_700_000_000_123_456L;
    static final FrameContext SPOT = new FrameContext("kraken", "spot", RECV);
    static final FrameContext FUTURES = new FrameContext("kraken", "futures", RECV);

    /** The §4 checksum worked example, verbatim. */
    static final String BOOK_SNAPSHOT = """
            {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD",
             "bids":[{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],
             "asks":[{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}],
             "checksum":3310070434,"timestamp":"2023-10-06T17:35:55.440295Z"}]}""";

    final KrakenNormalizer normalizer = new KrakenNormalizer();

    List<MarketEvent> all(String frame, FrameContext ctx) {
        List<MarketEvent> events = normalizer.normalize(frame, ctx);
        events.forEach(e -> Schemas.assertValid(EventJson.write(e, 1, RECV + 1)));
        return events;
    }

    MarketEvent one(String frame, FrameContext ctx) {
        List<MarketEvent> events = all(frame, ctx);
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    static PriceLevel level(String price, String qty) {
        return new PriceLevel(price, qty);
    }

    // ---- spot v2 ----

    @Test
    void should_normalize_the_spot_trade_example() {
        MarketEvent e = one("""
                {"channel": "trade","type": "update","data": [{"symbol": "BTC/USD","side": "buy","price": 105944.20,"qty": 0.00027625,"ord_type": "limit","trade_id": 10218208,"timestamp": "2023-10-06T17:35:55.440295Z"}]}""", SPOT);
        assertEvent(e, "kraken:spot:btc-usd:trade", "BTC/USD", 1_696_613_755_440_295L, RECV,
                new Trade("10218208", "105944.20", "0.00027625", "buy"));
    }

    @Test
    void should_skip_snapshot_trades_so_past_trades_never_look_new() {
        assertThat(all("""
                {"channel":"trade","type":"snapshot","data":[{"symbol":"BTC/USD","side":"sell","price":1.5,"qty":2,"ord_type":"market","trade_id":1,"timestamp":"2023-10-06T17:35:55.440295Z"}]}""",
                SPOT)).isEmpty();
    }

    @Test
    void should_turn_the_spot_ticker_into_ticker_and_book_ticker() {
        List<MarketEvent> events = all("""
                {"channel": "ticker","type": "snapshot","data": [{"symbol": "BTC/USD","bid": 105944.20,"bid_qty": 2.5,"ask": 105944.30,"ask_qty": 3.2,"last": 105899.40,"volume": 163.28908096,"vwap": 105904.39279,"low": 104711.00,"high": 106613.10,"change": 250.00,"change_pct": 0.24,"timestamp": "2022-12-25T09:30:59.123456Z"}]}""", SPOT);
        assertThat(events).hasSize(2);
        assertEvent(events.get(0), "kraken:spot:btc-usd:ticker", "BTC/USD", 1_671_960_659_123_456L, RECV,
                new Ticker("105899.40", null, "106613.10", "104711.00", "163.28908096", null, "105944.20", "105944.30"));
        assertEvent(events.get(1), "kraken:spot:btc-usd:bookTicker", "BTC/USD", 1_671_960_659_123_456L, RECV,
                new BookTicker("105944.20", "2.5", "105944.30", "3.2", null));
    }

    @Test
    void should_keep_every_level_checksum_and_snapshot_mark_of_the_book_snapshot() {
        MarketEvent e = one(BOOK_SNAPSHOT, SPOT);
        assertEvent(e, "kraken:spot:btc-usd:depth", "BTC/USD", 1_696_613_755_440_295L, RECV, new Depth(
                List.of(level("45283.5", "0.10000000"), level("45283.4", "1.54582015"), level("45282.1", "0.10000000"),
                        level("45281.0", "0.10000000"), level("45280.3", "1.54592586"), level("45279.0", "0.07990000"),
                        level("45277.6", "0.03310103"), level("45277.5", "0.30000000"), level("45277.3", "1.54602737"),
                        level("45276.6", "0.15445238")),
                List.of(level("45285.2", "0.00100000"), level("45286.4", "1.54571953"), level("45286.6", "1.54571109"),
                        level("45289.6", "1.54560911"), level("45290.2", "0.15890660"), level("45291.8", "1.54553491"),
                        level("45294.7", "0.04454749"), level("45296.1", "0.35380000"), level("45297.5", "0.09945542"),
                        level("45299.5", "0.18772827")),
                null, null, null, 3_310_070_434L, true));
        Depth depth = (Depth) e.payload();
        assertThat(depth.replacesBook()).isTrue();
        assertThat(KrakenChecksum.of(depth.asks(), depth.bids())).isEqualTo(depth.checksum());
    }

    @Test
    void should_normalize_a_book_update_with_a_removal_and_its_checksum() {
        MarketEvent e = one("""
                {"channel":"book","type":"update","data":[{"symbol":"ETH/USD","bids":[],"asks":[{"price":1797.29,"qty":0.00000000},{"price":1797.52,"qty":1.56601318}],"checksum":3329440863,"timestamp":"2025-05-06T09:17:26.208075Z"}]}""", SPOT);
        assertEvent(e, "kraken:spot:eth-usd:depth", "ETH/USD", 1_746_523_046_208_075L, RECV, new Depth(List.of(),
                List.of(level("1797.29", "0.00000000"), level("1797.52", "1.56601318")), null, null, null,
                3_329_440_863L, null));
        assertThat(((Depth) e.payload()).replacesBook()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"checksum\":-1            | checksum",
            "\"checksum\":4294967296    | checksum",
            "\"checksum\":\"3329440863\" | checksum",
            "\"checksum\":33294.40863   | checksum"})
    void should_refuse_a_checksum_that_is_no_unsigned_32_bit_integer(String checksum, String field) {
        String frame = """
                {"channel":"book","type":"update","data":[{"symbol":"ETH/USD","bids":[],"asks":[],"checksum":3329440863,"timestamp":"2025-05-06T09:17:26.208075Z"}]}"""
                .replace("\"checksum\":3329440863", checksum.strip());
        BadFrameException bad = catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(frame, SPOT));
        assertThat(bad.reason()).isEqualTo(BadFrameException.INVALID_FIELD);
        assertThat(bad.getMessage()).contains("'" + field.strip() + "'");
    }

    @Test
    void should_map_ohlc_minutes_to_kline_intervals() {
        MarketEvent e = one("""
                {"channel": "ohlc","type": "update","data": [{"symbol": "BTC/USD","interval": 1,"interval_begin": "2023-10-04T16:25:00.000000000Z","open": 106038.2,"high": 106044.3,"low": 106038.1,"close": 106040.1,"volume": 30927.68066226,"vwap": 106039.6,"trades": 12}]}""", SPOT);
        long open = 1_696_436_700_000_000L;
        // this ohlc message has no timestamp: ts is the receive time
        assertEvent(e, "kraken:spot:btc-usd:kline_1m", "BTC/USD", RECV, RECV, new Kline("1m", open,
                open + 59_999_000L, "106038.2", "106044.3", "106038.1", "106040.1", "30927.68066226", 12, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"channel\": \"heartbeat\"}",
            "{\"channel\": \"status\",\"data\": [{\"api_version\": \"v2\",\"connection_id\": 13834774380200032777,\"system\": \"online\",\"version\": \"2.0.0\"}],\"type\": \"update\"}",
            "{\"method\": \"subscribe\",\"result\": {\"channel\": \"ticker\",\"symbol\": \"BTC/USD\",\"snapshot\": true},\"success\": true,\"time_in\": \"2023-09-25T09:04:31.742599Z\",\"time_out\": \"2023-09-25T09:04:31.742648Z\",\"req_id\": 1}",
            "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true,\"symbol\":\"ETH/USD\"},\"success\":true}",
            "{\"method\":\"pong\",\"req_id\":101,\"time_in\":\"2023-09-25T09:04:31.742599Z\",\"time_out\":\"2023-09-25T09:04:31.742648Z\"}"})
    void should_give_no_events_for_spot_control_frames(String frame) {
        assertThat(normalizer.normalize(frame, SPOT)).isEmpty();
    }

    @Test
    void should_reject_failed_replies_as_error_replies() {
        BadFrameException bad = catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(
                "{\"method\":\"subscribe\",\"success\":false,\"error\":\"Currency pair not supported\",\"req_id\":7}", SPOT));
        assertThat(bad.reason()).isEqualTo(BadFrameException.ERROR_REPLY);
        assertThat(bad.getMessage()).contains("Currency pair not supported", "req_id 7");
        assertThat(catchThrowableOfType(BadFrameException.class,
                () -> normalizer.normalize("{\"Error\": \"Exceeded msg rate\"}", SPOT)).reason()).isEqualTo(BadFrameException.ERROR_REPLY);
    }

    @Test
    void should_reject_unknown_channels_and_string_prices() {
        assertThat(catchThrowableOfType(BadFrameException.class,
                () -> normalizer.normalize("{\"channel\":\"level3\",\"data\":[]}", SPOT)).reason()).isEqualTo(BadFrameException.UNKNOWN_EVENT);
        assertThat(catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":\"1\",\"qty\":1,\"trade_id\":1,\"timestamp\":\"2023-10-06T17:35:55Z\"}]}",
                SPOT)).reason()).isEqualTo(BadFrameException.INVALID_FIELD);
    }

    // ---- spot v1 (PROTOCOLS.md §4b): not spoken; such frames are bad input, never silently dropped or misread ----

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            '{"connectionID":18239578009413566319,"event":"systemStatus","status":"online","version":"1.8.3"}' | unknown_event
            '{"channelID":1664,"channelName":"book-1000","event":"subscriptionStatus","pair":"WAVES/EUR","status":"subscribed","subscription":{"depth":1000,"name":"book"}}' | unknown_event
            '{"event":"heartbeat"}' | unknown_event
            '[993,[["354.11000000","0.89594024","1618678142.557535","s","l",""]],"trade","XMR/USD"]' | not_an_object
            '[1668,{"a":["13.253900",35,"35.72892241"],"b":["13.232900",185,"185.18432037"],"c":["13.253900","3.71672000"],"v":["26560.85364463","72035.05488104"],"p":["13.529003","13.734728"],"t":[640,1353],"l":["13.021800","13.021800"],"h":["13.942000","14.211200"],"o":["13.804000","13.428300"]},"ticker","WAVES/EUR"]' | not_an_object
            '[992,{"b":[["354.15000000","5.00000000","1618678133.365913"]],"c":"2583817756"},"book-1000","XMR/USD"]' | not_an_object
            '[1920,{"a":[["0.042990","364630.28272081","1618678145.920470"]]},{"b":[["0.042990","0.00000000","1618678145.920708"]],"c":"4105471083"},"book-1000","SC/EUR"]' | not_an_object
            '{"event":"pong","reqid":42}' | unknown_event
            """)
    void should_refuse_spot_v1_frames(String frame, String reason) {
        BadFrameException bad = catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(frame, SPOT));
        assertThat(bad).as("v1 frame %s", frame).isNotNull();
        assertThat(bad.reason()).isEqualTo(reason);
    }

    // ---- the real recording (v1 book-1000, KRAKEN.ws.50.0), every book frame rewritten as v2 ----

    @Test
    void should_normalize_every_recorded_book_frame_field_by_field() throws IOException {
        long timestamp = 1_618_678_132_927_716L; // KrakenChecksumTest.V2_TIMESTAMP
        int frames = 0;
        int snapshots = 0;
        int checksummed = 0;
        for (String line : KrakenChecksumTest.recordedFrames()) {
            JsonNode v1 = EventJson.read(line);
            if (!v1.isArray()) {
                continue; // systemStatus, subscriptionStatus, heartbeat
            }
            assertThat(v1.get(v1.size() - 2).asText()).isEqualTo("book-1000");
            String pair = v1.get(v1.size() - 1).asText();
            List<PriceLevel> bids = new ArrayList<>();
            List<PriceLevel> asks = new ArrayList<>();
            Long checksum = null;
            boolean snapshot = false;
            for (int i = 1; i < v1.size() - 2; i++) {
                JsonNode part = v1.get(i);
                snapshot |= part.has("as") || part.has("bs");
                v1Levels(part.has("as") ? part.get("as") : part.get("a"), asks);
                v1Levels(part.has("bs") ? part.get("bs") : part.get("b"), bids);
                if (part.has("c")) {
                    checksum = Long.parseLong(part.get("c").textValue());
                }
            }
            String v2 = KrakenChecksumTest.toV2(v1, pair);

            List<MarketEvent> events = normalizer.normalize(v2, new FrameContext("kraken", "spot", RECV + frames));

            assertThat(events).as("events of %s", line).hasSize(1);
            assertEvent(events.get(0), "kraken:spot:" + pair.toLowerCase(Locale.ROOT).replace('/', '-') + ":depth", pair,
                    timestamp, RECV + frames, new Depth(bids, asks, null, null, null, checksum, snapshot ? true : null));
            Schemas.assertValid(EventJson.write(events.get(0), frames + 1, RECV + frames + 1));
            frames++;
            snapshots += snapshot ? 1 : 0;
            checksummed += checksum != null ? 1 : 0;
        }
        // PROTOCOLS.md §6: 4279 book messages, 4269 of them checksummed; one snapshot per subscribed pair
        assertThat(frames).isEqualTo(4279);
        assertThat(checksummed).isEqualTo(4269);
        assertThat(snapshots).isEqualTo(10);
    }

    /** v1 levels {@code [price, volume, time(, "r")]} → the exact recorded text. */
    private static void v1Levels(JsonNode levels, List<PriceLevel> out) {
        if (levels != null) {
            levels.forEach(l -> out.add(new PriceLevel(l.get(0).textValue(), l.get(1).textValue())));
        }
    }

    // ---- futures ----

    @Test
    void should_normalize_a_futures_trade() {
        MarketEvent e = one("""
                {"feed":"trade","product_id":"PI_LTCUSD","uid":"e2429e31-8b9d-4195-900e-fd42be2dec89","side":"buy","type":"fill","seq":5956,"time":1626994929946,"qty":320.0,"price":119.44}""", FUTURES);
        assertEvent(e, "kraken:perpetual:pi_ltcusd:trade", "PI_LTCUSD", 1_626_994_929_946_000L, RECV,
                new Trade("e2429e31-8b9d-4195-900e-fd42be2dec89", "119.44", "320.0", "buy"));
    }

    @Test
    void should_skip_futures_trade_snapshots() {
        assertThat(all("""
                {"feed":"trade_snapshot","product_id":"FI_BCHUSD_210730","trades":[{"feed":"trade","product_id":"FI_BCHUSD_210730","uid":"8b3e7e72-950c-4c4e-8ab8-24aebcab80d2","side":"buy","type":"fill","seq":1487,"time":1626994887094,"qty":50.0,"price":439.2}]}""",
                FUTURES)).isEmpty();
    }

    @Test
    void should_turn_the_futures_ticker_into_ticker_book_ticker_and_mark_price() {
        List<MarketEvent> events = all("""
                {"time": 1676393235406,"product_id": "PI_XBTUSD","funding_rate": -6.2604214e-11,"funding_rate_prediction": -3.65989977e-10,"relative_funding_rate": -1.380384722222e-6,"relative_funding_rate_prediction": -8.047629166667e-6,"next_funding_rate_time": 1676394000000,"feed": "ticker","bid": 21978.5,"ask": 21987.0,"bid_size": 2536.0,"ask_size": 13948.0,"volume": 31403908.0,"dtm": 0,"leverage": "50x","index": 21984.54,"premium": -0.0,"last": 21983.5,"change": 1.9974017538161748,"suspended": false,"tag": "perpetual","pair": "XBT:USD","openInterest": 30072580.0,"markPrice": 21979.68641534714,"maturityTime": 0,"post_only": false,"volumeQuote": 31403908.0,"open": 21968.5,"high": 22123.0,"low": 21456.0}""", FUTURES);
        long ts = 1_676_393_235_406_000L;
        assertThat(events).hasSize(3);
        assertEvent(events.get(0), "kraken:perpetual:pi_xbtusd:ticker", "PI_XBTUSD", ts, RECV,
                new Ticker("21983.5", "21968.5", "22123.0", "21456.0", "31403908.0", "31403908.0", "21978.5", "21987.0"));
        assertEvent(events.get(1), "kraken:perpetual:pi_xbtusd:bookTicker", "PI_XBTUSD", ts, RECV,
                new BookTicker("21978.5", "2536.0", "21987.0", "13948.0", null));
        assertEvent(events.get(2), "kraken:perpetual:pi_xbtusd:markPrice", "PI_XBTUSD", ts, RECV,
                new MarkPrice("21979.68641534714", "21984.54", "-0.000000000062604214", 1_676_394_000_000_000L));
    }

    @Test
    void should_normalize_ticker_lite_to_ticker() {
        MarketEvent e = one("""
                {"feed":"ticker_lite","product_id":"PI_XRPUSD","bid":0.5881,"ask":0.5888,"change":4.086665492337493,"premium":-0.0,"volume":3562602.0,"tag":"perpetual","pair":"XRP:USD","dtm":0,"maturityTime":0}""", FUTURES);
        // no time field: ts is the receive time
        assertEvent(e, "kraken:perpetual:pi_xrpusd:ticker", "PI_XRPUSD", RECV, RECV,
                new Ticker(null, null, null, null, "3562602.0", null, "0.5881", "0.5888"));
    }

    @Test
    void should_normalize_book_snapshots_and_deltas_of_dated_futures() {
        // the §5 REAL book_snapshot with its printed levels (the "…" elisions left out)
        MarketEvent snapshot = one("""
                {"feed":"book_snapshot","product_id":"FI_BCHUSD_210730","timestamp":1626994925378,"seq":91192,"tickSize":null,"bids":[{"price":439.3,"qty":20108.0},{"price":438.9,"qty":23706.0}],"asks":[{"price":439.6,"qty":50.0},{"price":439.9,"qty":21692.0}]}""", FUTURES);
        assertEvent(snapshot, "kraken:future:fi_bchusd_210730:depth", "FI_BCHUSD_210730", 1_626_994_925_378_000L, RECV,
                new Depth(List.of(level("439.3", "20108.0"), level("438.9", "23706.0")),
                        List.of(level("439.6", "50.0"), level("439.9", "21692.0")), 91192L, 91192L, null, null, true));
        assertThat(((Depth) snapshot.payload()).replacesBook()).isTrue();

        MarketEvent delta = one("""
                {"feed":"book","product_id":"PI_ETHUSD","side":"sell","seq":26660860,"price":2004.85,"qty":4787.0,"timestamp":1626994927744}""", FUTURES);
        assertEvent(delta, "kraken:perpetual:pi_ethusd:depth", "PI_ETHUSD", 1_626_994_927_744_000L, RECV,
                new Depth(List.of(), List.of(level("2004.85", "4787.0")), 26660860L, 26660860L, null));
        assertThat(((Depth) delta.payload()).replacesBook()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\":\"info\",\"version\":1}",
            "{\"event\":\"subscribed\",\"feed\":\"book\",\"product_ids\":[\"PI_XRPUSD\"]}",
            "{\"event\": \"subscribed\",\"feed\": \"heartbeat\"}",
            "{\"feed\":\"heartbeat\",\"time\":1626994929946}"})
    void should_give_no_events_for_futures_control_frames(String frame) {
        assertThat(normalizer.normalize(frame, FUTURES)).isEmpty();
    }

    @Test
    void should_reject_failed_futures_subscriptions_as_error_replies() {
        assertThat(catchThrowableOfType(BadFrameException.class, () -> normalizer.normalize(
                "{\"event\":\"subscribed_failed\",\"feed\":\"book\",\"product_ids\":[\"PI_NOPE\"]}", FUTURES)).reason())
                .isEqualTo(BadFrameException.ERROR_REPLY);
    }

    @Test
    void should_name_itself_kraken() {
        assertThat(normalizer.exchange()).isEqualTo("kraken");
    }
}
