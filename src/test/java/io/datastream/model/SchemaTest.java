package io.datastream.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SchemaTest {

    static final String TRADE = "{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\"BNBBTC\",\"type\":\"trade\","
            + "\"ts\":1672515782136000,\"recvTs\":1672515782140000,\"pubTs\":1672515782141000,\"seq\":1,"
            + "\"tradeId\":\"12345\",\"price\":\"0.001\",\"qty\":\"100\",\"side\":\"sell\"}";

    static String mutate(String json, Consumer<ObjectNode> change) {
        ObjectNode node = (ObjectNode) EventJson.read(json);
        change.accept(node);
        return node.toString();
    }

    @Test
    void should_accept_a_valid_trade() {
        Schemas.assertValid(TRADE);
    }

    @Test
    void should_reject_unknown_fields() {
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("extra", "x")))).isNotEmpty();
    }

    @Test
    void should_reject_missing_common_and_payload_fields() {
        assertThat(Schemas.errors(mutate(TRADE, n -> n.remove("seq")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.remove("exchange")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.remove("side")))).isNotEmpty();
    }

    @Test
    void should_reject_prices_that_are_not_exact_decimal_strings() {
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("price", 0.001)))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("price", "1e-3")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("price", ".5")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("price", "1.")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("price", "-0.5")))).isEmpty();
    }

    @Test
    void should_reject_times_that_are_not_integer_microseconds() {
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("ts", 1672515782136L)))).as("ms").isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("ts", 1672515782136000000L)))).as("ns").isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("ts", "1672515782136000")))).as("string").isNotEmpty();
    }

    @Test
    void should_accept_an_exchange_added_by_registration_but_no_malformed_exchange_name() {
        // the schema names no exchanges: an exchange registered later needs no schema edit
        Schemas.assertValid(mutate(TRADE, n -> n.put("exchange", "testex")));
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("exchange", "Binance")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("exchange", "")))).isNotEmpty();
    }

    @Test
    void should_reject_a_wrong_type_or_enum_value() {
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("side", "SELL")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(TRADE, n -> n.put("market", "futures")))).isNotEmpty();
        assertThat(Schemas.forType("trade").validate(EventJson.read(mutate(TRADE, n -> n.put("type", "aggTrade")))))
                .isNotEmpty();
    }

    @Test
    void should_check_kline_types_and_levels() {
        String kline = EventJson.write(new MarketEvent(Channel.parse("binance:spot:nknusdt:kline_1m"), "NKNUSDT",
                1633998523963000L, 1633998523957215L, new Kline("1m", 1633998480000000L, 1633998539999000L, "1", "2",
                        "0.5", "1.5", "10", 3, true)), 1, 1633998523960000L);
        Schemas.assertValid(kline);
        assertThat(Schemas.errors(mutate(kline, n -> n.put("type", "kline_7m")))).isNotEmpty();
        assertThat(Schemas.errors(mutate(kline, n -> n.put("trades", "3")))).isNotEmpty();

        String depth = EventJson.write(new MarketEvent(Channel.parse("binance:spot:nknusdt:depth"), "NKNUSDT",
                1633998523963000L, 1633998523957215L, new Depth(java.util.List.of(new PriceLevel("1.0", "2")),
                        java.util.List.of(), 1L, 2L, null)), 1, 1633998523960000L);
        Schemas.assertValid(depth);
        assertThat(Schemas.errors(depth.replace("[[\"1.0\",\"2\"]]", "[[\"1.0\",\"2\",\"3\"]]"))).isNotEmpty();
        assertThat(Schemas.errors(depth.replace("[[\"1.0\",\"2\"]]", "[[\"1.0\"]]"))).isNotEmpty();
        assertThat(Schemas.errors(depth.replace("[[\"1.0\",\"2\"]]", "[[1.0,\"2\"]]"))).isNotEmpty();
    }
}
