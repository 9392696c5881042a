package io.datastream.e2e;

import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad frames are dead-lettered (log, metric, capped Redis list) and the feed goes on with the next good frame. */
class BadInputTest extends DataStreamTestSupport {

    private static final String GOOD_TRADE = """
            {"stream":"btcusdt@trade","data":{"e":"trade","E":1700000000123,"s":"BTCUSDT","t":42,"p":"37000.10","q":"0.00100000","T":1700000000120,"m":true,"M":true}}""";

    @Override
    protected void configure(Properties properties) {
        // frames between this limit and twice it are dead-lettered as oversized; larger ones are refused by the socket
        properties.put("datastream.upstream.max-frame-bytes", "600000");
    }

    @Test
    void should_dead_letter_bad_frames_and_keep_streaming() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        List<String> badFrames = List.of(
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":17000",      // truncated JSON
                "this is not json",                                                         // not JSON at all
                GOOD_TRADE.replace("\"p\":\"37000.10\"", "\"p\":37000.10"),                 // number where a decimal string belongs
                "{\"stream\":\"btcusdt@foo\",\"data\":{\"e\":\"foo\",\"E\":1700000000123}}", // unknown event
                "{\"stream\":\"btcusdt@trade\",\"data\":\"" + "x".repeat(1_000_000) + "\"}"); // 1 MB
        badFrames.forEach(simulator::sendRaw);
        simulator.sendRaw(GOOD_TRADE);

        await().atMost(10, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());
        JsonNode trade = subscriber.ofType("trade").get(0).node();
        assertThat(trade.get("tradeId").asText()).isEqualTo("42");
        assertThat(trade.get("price").asText()).isEqualTo("37000.10");
        assertThat(trade.get("side").asText()).isEqualTo("sell");

        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            await().atMost(10, SECONDS).until(() -> redis.sync().llen("datastream:deadletter") == 5);
            List<JsonNode> letters = redis.sync().lrange("datastream:deadletter", 0, -1).stream().map(EventJson::read).toList();
            assertThat(letters).extracting(l -> l.get("reason").asText())
                    .containsExactlyInAnyOrder("malformed_json", "malformed_json", "invalid_field", "unknown_event", "oversized");
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.get("exchange").asText()).isEqualTo("binance");
                assertThat(l.get("route").asText()).isEqualTo("binance-spot");
                assertThat(l.get("frame").asText().length()).isLessThanOrEqualTo(4097);
            });
            assertThat(letters).anySatisfy(l -> assertThat(l.get("frameLength").asInt()).isGreaterThan(1_000_000));
        }
        assertThat(meters().get("datastream.deadletters").tag("reason", "malformed_json").counter().count()).isEqualTo(2.0);
        assertThat(meters().get("datastream.deadletters").tag("reason", "oversized").counter().count()).isEqualTo(1.0);
        // the connection was never dropped for any of it
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }
}
