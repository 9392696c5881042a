package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventJsonTest {

    static final long TS = 1633998512068000L;
    static final long RECV = 1633998512063356L;
    static final long PUB = 1633998512070001L;
    static final String HEAD = "\"ts\":1633998512068000,\"recvTs\":1633998512063356,\"pubTs\":1633998512070001,\"seq\":42";

    static MarketEvent event(String channel, String symbol, Payload payload) {
        return new MarketEvent(Channel.parse(channel), symbol, TS, RECV, payload);
    }

    static Stream<Arguments> oneEventPerType() {
        return Stream.of(
            Arguments.of(event("binance:spot:bnbbtc:trade", "BNBBTC", new Trade("12345", "0.001", "100", "sell")),
                "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"BNBBTC\",\"type\":\"trade\"," + HEAD
                    + ",\"tradeId\":\"12345\",\"price\":\"0.001\",\"qty\":\"100\",\"side\":\"sell\"}"),
            Arguments.of(event("binance:spot:nknusdt:aggTrade", "NKNUSDT",
                    new AggTrade("15683430", "0.35280000", "58.00000000", "buy", "19862790", "19862790")),
                "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"NKNUSDT\",\"type\":\"aggTrade\"," + HEAD
                    + ",\"tradeId\":\"15683430\",\"price\":\"0.35280000\",\"qty\":\"58.00000000\",\"side\":\"buy\","
                    + "\"firstTradeId\":\"19862790\",\"lastTradeId\":\"19862790\"}"),
            Arguments.of(event("binance:spot:nknusdt:bookTicker", "NKNUSDT",
                    new BookTicker("0.35210000", "672.00000000", "0.35260000", "3199.00000000", 499869768L)),
                "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"NKNUSDT\",\"type\":\"bookTicker\"," + HEAD
                    + ",\"bidPrice\":\"0.35210000\",\"bidQty\":\"672.00000000\",\"askPrice\":\"0.35260000\","
                    + "\"askQty\":\"3199.00000000\",\"updateId\":499869768}"),
            Arguments.of(event("binance:perpetual:sushiusdt:depth", "SUSHIUSDT",
                    new Depth(List.of(new PriceLevel("7.5040", "813"), new PriceLevel("7.6090", "0")),
                        List.of(new PriceLevel("7.6150", "1563")), 600859599090L, 600859600917L, 600859598061L)),
                "{\"exchange\":\"binance\",\"market\":\"perpetual\",\"symbol\":\"SUSHIUSDT\",\"type\":\"depth\","
                    + HEAD + ",\"bids\":[[\"7.5040\",\"813\"],[\"7.6090\",\"0\"]],\"asks\":[[\"7.6150\",\"1563\"]],"
                    + "\"firstUpdateId\":600859599090,\"lastUpdateId\":600859600917,\"prevUpdateId\":600859598061}"),
            Arguments.of(event("kraken:spot:btc-usd:book", "BTC/USD",
                    new Book(List.of(new PriceLevel("106038.2", "0.5")), List.of(new PriceLevel("106040.1", "1.25")),
                        77L, true)),
                "{\"exchange\":\"kraken\",\"market\":\"spot\",\"symbol\":\"BTC/USD\",\"type\":\"book\"," + HEAD
                    + ",\"bids\":[[\"106038.2\",\"0.5\"]],\"asks\":[[\"106040.1\",\"1.25\"]],\"sequence\":77,"
                    + "\"checksumOk\":true}"),
            Arguments.of(event("binance:spot:nknusdt:kline_1m", "NKNUSDT",
                    new Kline("1m", 1633998480000000L, 1633998539999000L, "0.35270000", "0.35280000", "0.35220000",
                        "0.35280000", "25877.00000000", 30, false)),
                "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"NKNUSDT\",\"type\":\"kline_1m\"," + HEAD
                    + ",\"interval\":\"1m\",\"openTime\":1633998480000000,\"closeTime\":1633998539999000,"
                    + "\"open\":\"0.35270000\",\"high\":\"0.35280000\",\"low\":\"0.35220000\",\"close\":\"0.35280000\","
                    + "\"volume\":\"25877.00000000\",\"trades\":30,\"closed\":false}"),
            Arguments.of(event("binance:perpetual:btcusdt:ticker", "BTCUSDT",
                    new Ticker("0.0025", "0.0010", "0.0025", "0.0010", "10000", "18", null, null)),
                "{\"exchange\":\"binance\",\"market\":\"perpetual\",\"symbol\":\"BTCUSDT\",\"type\":\"ticker\","
                    + HEAD + ",\"last\":\"0.0025\",\"open\":\"0.0010\",\"high\":\"0.0025\",\"low\":\"0.0010\","
                    + "\"volume\":\"10000\",\"quoteVolume\":\"18\"}"),
            Arguments.of(event("binance:perpetual:btcusdt:markPrice", "BTCUSDT",
                    new MarkPrice("11794.15000000", "11784.62659091", "-0.00038167", 1562306400000000L)),
                "{\"exchange\":\"binance\",\"market\":\"perpetual\",\"symbol\":\"BTCUSDT\",\"type\":\"markPrice\","
                    + HEAD + ",\"markPrice\":\"11794.15000000\",\"indexPrice\":\"11784.62659091\","
                    + "\"fundingRate\":\"-0.00038167\",\"nextFundingTime\":1562306400000000}"),
            Arguments.of(event("binance:future:btcusd_200925:liquidation", "BTCUSD_200925",
                    new Liquidation("sell", "9425.5", "1")),
                "{\"exchange\":\"binance\",\"market\":\"future\",\"symbol\":\"BTCUSD_200925\",\"type\":\"liquidation\","
                    + HEAD + ",\"side\":\"sell\",\"price\":\"9425.5\",\"qty\":\"1\"}"),
            Arguments.of(event("binance:spot:btcusdt:status", "BTCUSDT",
                    new Status("gap", "update id gap", 101L, 140L)),
                "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"BTCUSDT\",\"type\":\"status\"," + HEAD
                    + ",\"state\":\"gap\",\"reason\":\"update id gap\",\"missedFrom\":101,\"missedTo\":140}"));
    }

    @ParameterizedTest
    @MethodSource("oneEventPerType")
    void should_write_one_flat_object_with_common_fields_first(MarketEvent event, String expected) {
        String json = EventJson.write(event, 42, PUB);

        assertThat(json).isEqualTo(expected);
        List<String> names = new ArrayList<>();
        EventJson.read(json).fieldNames().forEachRemaining(names::add);
        assertThat(names.subList(0, 8))
                .containsExactly("exchange", "market", "symbol", "type", "ts", "recvTs", "pubTs", "seq");
    }

    @ParameterizedTest
    @MethodSource("oneEventPerType")
    void should_validate_against_the_schema_of_its_type(MarketEvent event, String expected) {
        Schemas.assertValid(EventJson.write(event, 42, PUB));
    }

    @ParameterizedTest
    @MethodSource("oneEventPerType")
    void should_round_trip_through_read(MarketEvent event, String expected) {
        String json = EventJson.write(event, 42, PUB);

        JsonNode node = EventJson.read(json);
        assertThat(node.get("seq").longValue()).isEqualTo(42);
        assertThat(node.get("pubTs").longValue()).isEqualTo(PUB);
        assertThat(EventJson.toEvent(node)).isEqualTo(event);
        assertThat(EventJson.readEvent(json)).isEqualTo(event);
        assertThat(EventJson.mapper().valueToTree(EventJson.readEvent(json).payload()).toString())
                .as("Jackson's own serialization of the payload record matches the hand-written one")
                .isEqualTo(payloadPart(node).toString());
    }

    @ParameterizedTest
    @MethodSource("oneEventPerType")
    void should_write_the_same_bytes_as_text(MarketEvent event, String expected) {
        assertThat(new String(EventJson.writeBytes(event, 42, PUB), StandardCharsets.UTF_8))
                .isEqualTo(EventJson.write(event, 42, PUB));
    }

    @Test
    void should_omit_null_optional_fields() {
        MarketEvent spotTicker = event("binance:spot:nknusdt:bookTicker", "NKNUSDT",
                new BookTicker("0.1", "1", "0.2", "2", null));
        MarketEvent depth = event("binance:spot:nknusdt:depth", "NKNUSDT",
                new Depth(List.of(), List.of(), 1L, 2L, null));
        MarketEvent live = MarketEvent.status(Channel.parse("binance:spot:nknusdt:depth"), "NKNUSDT", "live", null,
                null, null, TS);

        assertThat(EventJson.write(spotTicker, 1, PUB)).doesNotContain("updateId").doesNotContain("null");
        assertThat(EventJson.write(depth, 1, PUB)).endsWith("\"bids\":[],\"asks\":[],\"firstUpdateId\":1,"
                + "\"lastUpdateId\":2}");
        assertThat(EventJson.write(live, 1, PUB)).endsWith(",\"state\":\"live\"}");
        Schemas.assertValid(EventJson.write(depth, 1, PUB));
        Schemas.assertValid(EventJson.write(live, 1, PUB));
    }

    @Test
    void should_read_floats_as_exact_big_decimals() {
        JsonNode node = EventJson.read("{\"price\":106038.20,\"qty\":0.00000001,\"n\":12}");

        assertThat(node.get("price").decimalValue()).isEqualTo(new BigDecimal("106038.20"));
        assertThat(node.get("price").toString()).isEqualTo("106038.20");
        assertThat(node.get("qty").decimalValue().toPlainString()).isEqualTo("0.00000001");
        assertThat(node.get("n").isIntegralNumber()).isTrue();
    }

    @Test
    void should_reject_invalid_json_on_read() {
        assertThatThrownBy(() -> EventJson.read("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventJson.read("{} {}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_serialize_price_levels_as_two_element_arrays() throws Exception {
        PriceLevel level = new PriceLevel("0.35130000", "6195.00000000");

        String json = EventJson.mapper().writeValueAsString(level);

        assertThat(json).isEqualTo("[\"0.35130000\",\"6195.00000000\"]");
        assertThat(EventJson.mapper().readValue(json, PriceLevel.class)).isEqualTo(level);
    }

    @Test
    void should_escape_strings() {
        MarketEvent event = event("binance:spot:btcusdt:status", "BTCUSDT",
                new Status("reconnecting", "closed: \"going away\"\n", null, null));

        String json = EventJson.write(event, 1, PUB);

        assertThat(EventJson.readEvent(json)).isEqualTo(event);
        assertThat(json).contains("\"reason\":\"closed: \\\"going away\\\"\\n\"");
    }

    @Test
    void should_reject_payload_records_missing_required_fields() {
        assertThatThrownBy(() -> new Trade("1", null, "1", "buy")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Status("broken", null, null, null))
                .hasMessageContaining("unknown status state 'broken'");
    }

    private static JsonNode payloadPart(JsonNode node) {
        var copy = node.deepCopy();
        Iterator<String> it = ((com.fasterxml.jackson.databind.node.ObjectNode) copy).fieldNames();
        List<String> common = List.of("exchange", "market", "symbol", "type", "ts", "recvTs", "pubTs", "seq");
        List<String> drop = new ArrayList<>();
        it.forEachRemaining(name -> {
            if (common.contains(name)) {
                drop.add(name);
            }
        });
        ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove(drop);
        return copy;
    }
}
