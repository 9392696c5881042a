package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Generated Binance trades: ids, payload shape, rate and backpressure. */
class SyntheticTradesTest extends SimulatorTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_generate_trade_ids_one_to_n_in_order_for_each_symbol() throws Exception {
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder()
                .symbols("btcusdt", "ethusdt", "solusdt").ratePerSecond(30_000).countPerSymbol(1000).build());

        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream?streams=btcusdt@trade/ethusdt@trade/solusdt@trade")) {
            assertThat(feed.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> client.messageCount() == 3000);

            Map<String, List<Long>> idsByStream = new HashMap<>();
            for (String message : client.messages()) {
                JsonNode frame = JSON.readTree(message);
                idsByStream.computeIfAbsent(frame.get("stream").asText(), k -> new ArrayList<>()).add(frame.get("data").get("t").asLong());
            }
            List<Long> oneToThousand = LongStream.rangeClosed(1, 1000).boxed().toList();
            assertThat(idsByStream).containsOnlyKeys("btcusdt@trade", "ethusdt@trade", "solusdt@trade");
            idsByStream.values().forEach(ids -> assertThat(ids).isEqualTo(oneToThousand));
            assertThat(feed.sent()).isEqualTo(3000);
            assertThat(feed.sent("ETHUSDT")).isEqualTo(1000);
        }
    }

    @Test
    void should_send_binance_spot_trade_payloads_with_decimal_strings() throws Exception {
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder()
                .symbols("BTCUSDT").ratePerSecond(1000).countPerSymbol(2).aggTrades(true).build());

        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade/btcusdt@aggTrade")) {
            assertThat(feed.awaitDone(Duration.ofSeconds(5))).isTrue();
            await().until(() -> client.messageCount() == 4);

            JsonNode trade = JSON.readTree(client.messages().get(0));
            assertThat(trade.fieldNames()).toIterable().containsExactly("e", "E", "s", "t", "p", "q", "T", "m", "M");
            assertThat(trade.get("e").asText()).isEqualTo("trade");
            assertThat(trade.get("s").asText()).isEqualTo("BTCUSDT");
            assertThat(trade.get("t").asLong()).isEqualTo(1);
            assertThat(trade.get("p").isTextual()).isTrue();
            assertThat(trade.get("p").asText()).isEqualTo(BinanceTrades.price(1)).matches("\\d+\\.\\d{8}");
            assertThat(trade.get("q").asText()).isEqualTo(BinanceTrades.qty(1)).matches("\\d+\\.\\d{8}");
            assertThat(trade.get("M").asBoolean()).isTrue();
            JsonNode aggTrade = JSON.readTree(client.messages().get(1));
            assertThat(aggTrade.get("e").asText()).isEqualTo("aggTrade");
            assertThat(aggTrade.get("a").asLong()).isEqualTo(1);
        }
    }

    @Test
    void should_pause_for_a_slow_client_instead_of_dropping() throws Exception {
        int count = 100_000;
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder()
                .symbols("btcusdt").ratePerSecond(200_000).countPerSymbol(count).build());

        try (TestClient client = TestClient.connectPaused(simulator.wsUrl() + "/ws/btcusdt@trade")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> feed.pauses() > 0);
            assertThat(feed.isDone()).isFalse();

            client.requestAll();
            assertThat(feed.awaitDone(Duration.ofSeconds(15))).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messageCount() == count);
            assertThat(JSON.readTree(client.messages().get(count - 1)).get("t").asLong()).isEqualTo(count);
        }
    }
}
