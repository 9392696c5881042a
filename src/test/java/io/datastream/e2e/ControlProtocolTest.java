package io.datastream.e2e;

import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad requests get precise answers naming what is wrong, and the connection stays usable. */
class ControlProtocolTest extends ControlTestSupport {

    @Override
    protected void configureControl(Properties properties) {
        properties.put("datastream.control.max-channels-per-client", "3");
        properties.put("datastream.control.max-message-bytes", "2048");
    }

    @Test
    void should_answer_bad_requests_precisely_and_keep_the_connection_usable() {
        ControlSocket socket = socket(controlUrl());

        socket.send("this is not json");
        assertThat(socket.unsolicited("bad_request").path("error").asText()).startsWith("not JSON");
        assertThat(socket.request("v2", "{\"v\":2,\"op\":\"ping\",\"id\":\"v2\"}").path("code").asText())
                .isEqualTo("unsupported_version");
        assertThat(socket.request("o1", "{\"v\":1,\"op\":\"subscribe-all\",\"id\":\"o1\"}").path("code").asText())
                .isEqualTo("unknown_op");
        assertThat(socket.request("c0", "{\"v\":1,\"op\":\"subscribe\",\"id\":\"c0\"}").path("error").asText())
                .contains("'channels' must be an array");
        socket.send("{\"v\":1,\"op\":\"ping\",\"id\":\"big\",\"pad\":\"" + "x".repeat(3000) + "\"}");
        assertThat(socket.unsolicited("bad_request").path("error").asText()).isNotEmpty();

        JsonNode reply = socket.request("s1", """
                {"v":1,"op":"subscribe","id":"s1","channels":[
                  "binance:spot:btcusdt",
                  "foo:spot:btcusdt:trade",
                  "binance:moon:btcusdt:trade",
                  "binance:spot:BTCUSDT:trade",
                  "binance:spot:btcusdt:trades",
                  "kraken:spot:btc-usd:trade",
                  "binance:perpetual:btcusdt:markPrice",
                  "binance:spot:btc-usdt:trade",
                  "binance:spot:btcusdt:markPrice",
                  "binance:spot:btcusdt:trade",
                  42]}""");
        assertThat(reply.path("ok").asBoolean()).isFalse();
        assertThat(reply.path("id").asText()).isEqualTo("s1");
        JsonNode results = reply.path("results");
        assertThat(code(results, 0)).isEqualTo("malformed");
        assertThat(results.get(0).path("error").asText()).contains("expected 4 parts");
        assertThat(code(results, 1)).isEqualTo("unknown_exchange");
        assertThat(results.get(1).path("error").asText()).contains("'foo'");
        assertThat(code(results, 2)).isEqualTo("unknown_market");
        assertThat(code(results, 3)).isEqualTo("unknown_symbol");
        assertThat(results.get(3).path("error").asText()).contains("lower case");
        assertThat(code(results, 4)).isEqualTo("unknown_type");
        assertThat(code(results, 5)).isEqualTo("no_feed");
        assertThat(results.get(5).path("error").asText()).contains("no feed for exchange 'kraken'");
        assertThat(code(results, 6)).isEqualTo("no_feed");
        assertThat(results.get(6).path("error").asText()).contains("market 'perpetual'");
        assertThat(code(results, 7)).isEqualTo("unknown_symbol");
        assertThat(results.get(7).path("error").asText()).contains("not a binance spot symbol");
        assertThat(code(results, 8)).isEqualTo("no_feed");
        assertThat(results.get(8).path("error").asText()).contains("no 'markPrice' stream");
        assertThat(results.get(9).path("result").asText()).isEqualTo("ok");
        assertThat(code(results, 10)).isEqualTo("malformed");

        JsonNode limited = socket.request("s2", """
                {"v":1,"op":"subscribe","id":"s2","channels":["binance:spot:ethusdt:trade","binance:spot:btcusdt:status",
                 "binance:spot:xrpusdt:trade"]}""");
        assertThat(results(limited, 0)).isEqualTo("ok");
        assertThat(results(limited, 1)).isEqualTo("ok");
        assertThat(code(limited.path("results"), 2)).isEqualTo("limit");
        assertThat(limited.path("subscribed").asInt()).isEqualTo(3);

        JsonNode unsubscribed = socket.request("u1", """
                {"v":1,"op":"unsubscribe","id":"u1","channels":["binance:spot:xrpusdt:trade","binance:spot:ethusdt:trade"]}""");
        assertThat(code(unsubscribed.path("results"), 0)).isEqualTo("not_subscribed");
        assertThat(results(unsubscribed, 1)).isEqualTo("ok");

        // still usable
        assertThat(socket.request("p1", "{\"v\":1,\"op\":\"ping\",\"id\":\"p1\"}").path("op").asText()).isEqualTo("pong");
        JsonNode list = socket.request("l1", "{\"v\":1,\"op\":\"list\",\"id\":\"l1\"}");
        assertThat(list.path("subscribed").toString()).contains("binance:spot:btcusdt:trade", "binance:spot:btcusdt:status");
    }

    private static String code(JsonNode results, int index) {
        return results.get(index).path("code").asText();
    }

    private static String results(JsonNode reply, int index) {
        return reply.path("results").get(index).path("result").asText();
    }
}
