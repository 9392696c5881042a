package io.datastream.e2e;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.datastream.model.Channel;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Simulator → route → Redis → subscriber with synthetic trades: complete, ordered, and self-healing. */
class StreamingEndToEndTest extends DataStreamTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt", "cccusdt", "dddusdt", "eeeusdt");

    @Test
    void should_deliver_every_trade_of_every_symbol_in_order_without_loss_or_duplicates() {
        int perSymbol = 5_000;
        subscribeTrades(SYMBOLS);
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder()
                .symbols(SYMBOLS).ratePerSecond(20_000).countPerSymbol(perSymbol).build());

        await().atMost(60, SECONDS).until(() -> trades().size() >= SYMBOLS.size() * perSymbol);
        assertThat(feed.sent()).isEqualTo((long) SYMBOLS.size() * perSymbol);
        Map<String, List<Long>> idsBySymbol = tradeIdsBySymbol();
        for (String symbol : SYMBOLS) {
            assertThat(idsBySymbol.get(symbol)).as(symbol).hasSize(perSymbol)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, perSymbol).boxed().toList());
        }
    }

    @Test
    void should_reconnect_restore_subscriptions_and_resume_after_an_abrupt_drop() {
        List<String> symbols = SYMBOLS.subList(0, 2);
        subscribeTrades(symbols);
        simulator.generateTrades(SyntheticOptions.builder().symbols(symbols).ratePerSecond(1_000).build());
        await().atMost(20, SECONDS).until(() -> trades().size() >= 200);

        simulator.dropConnections(); // no close frame: the client sees the TCP connection vanish
        int beforeDrop = trades().size();
        await().atMost(20, SECONDS).until(() -> trades().size() >= beforeDrop + 500);

        // a second connection carried the same subscriptions
        assertThat(simulator.totalConnectionsAccepted()).isGreaterThanOrEqualTo(2);
        List<ConnectionInfo> open = simulator.connections();
        assertThat(open).hasSize(1);
        assertThat(open.get(0).subscribedStreams()).contains("aaausdt@trade", "bbbusdt@trade", "btcusdt@trade");
        // ids only go up, never repeat
        tradeIdsBySymbol().forEach((symbol, ids) -> {
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).as("%s trade after %d", symbol, ids.get(i - 1)).isGreaterThan(ids.get(i - 1));
            }
        });
        // subscribers were told, on the status channel
        List<String> states = subscriber.matching(r -> r.channel().equals("binance:spot:aaausdt:status"))
                .stream().map(r -> r.node().get("state").asText() + "/" + r.node().get("reason").asText()).toList();
        assertThat(states).anyMatch(s -> s.startsWith("reconnecting/")).anyMatch(s -> s.equals("live/reconnected"));
    }

    private void subscribeTrades(List<String> symbols) {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(symbols.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
    }

    private List<RedisSubscriber.Received> trades() {
        return subscriber.matching(r -> r.channel().endsWith(":trade") && SYMBOLS.stream().anyMatch(s -> r.channel().contains(":" + s + ":")));
    }

    private Map<String, List<Long>> tradeIdsBySymbol() {
        return trades().stream().collect(Collectors.groupingBy(r -> r.channel().split(":")[2],
                Collectors.mapping(r -> r.node().get("tradeId").asLong(), Collectors.toList())));
    }
}
