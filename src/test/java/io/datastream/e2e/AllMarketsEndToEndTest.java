package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.datastream.model.Channel;
import io.datastream.sim.ConnectionInfo;
import org.junit.jupiter.api.Test;

/**
 * Binance USD-M (public + market paths), COIN-M, Kraken spot v2 and Kraken futures: simulator → routes → Redis →
 * subscriber, through an abrupt drop of every connection, after which subscriptions are restored and data resumes.
 */
class AllMarketsEndToEndTest extends DataStreamTestSupport {

    /** One channel per market and path whose data must flow, before and after the drop. */
    private static final List<String> CHANNELS = List.of(
            "binance:perpetual:btcusdt:bookTicker", "binance:perpetual:btcusdt:aggTrade",
            "binance:perpetual:btcusd_perp:aggTrade", "kraken:spot:btc-usd:trade", "kraken:spot:btc-usd:bookTicker",
            "kraken:perpetual:pf_xbtusd:trade", "kraken:perpetual:pf_xbtusd:markPrice");

    @Override
    protected List<String> feeds() {
        return List.of("binance-usdm-public", "binance-usdm-market", "binance-coinm", "kraken-spot", "kraken-futures");
    }

    @Override
    protected void configure(Properties properties) {
        // the COIN-M route carries 2 symbols × 7 types: exactly at this limit
        properties.put("datastream.binance.max-streams-per-connection", "14");
    }

    @Test
    void should_stream_every_market_and_resume_after_every_connection_dropped() {
        replayForever("wss://fstream.binance.com/stream", i -> List.of(
                "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + i + ",\"s\":\"BTCUSDT\",\"b\":\"7.6110\",\"B\":\"2\",\"a\":\"7.6120\",\"A\":\"297\",\"T\":1626992741012,\"E\":1626992741017}}",
                "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741575,\"a\":" + i + ",\"s\":\"BTCUSDT\",\"p\":\"1.01100\",\"q\":\"10\",\"f\":1,\"l\":1,\"T\":1626992741421,\"m\":false}}"));
        replayForever("wss://dstream.binance.com/stream", i -> List.of(
                "{\"stream\":\"btcusd_perp@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626916404006,\"a\":" + i + ",\"s\":\"BTCUSD_PERP\",\"p\":\"427.91\",\"q\":\"3\",\"f\":1,\"l\":1,\"T\":1626916403852,\"m\":true}}"));
        replayForever("wss://ws.kraken.com/v2", i -> List.of(
                "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":105944.20,\"qty\":0.00027625,\"ord_type\":\"limit\",\"trade_id\":" + i + ",\"timestamp\":\"2023-10-06T17:35:55.440295Z\"}]}",
                "{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bid\":105944.20,\"bid_qty\":2.5,\"ask\":105944.30,\"ask_qty\":3.2,\"last\":105899.40,\"volume\":163.28908096,\"low\":104711.00,\"high\":106613.10,\"timestamp\":\"2022-12-25T09:30:59.123456Z\"}]}"));
        replayForever("wss://futures.kraken.com/ws/v1", i -> List.of(
                "{\"feed\":\"trade\",\"product_id\":\"PF_XBTUSD\",\"uid\":\"u-" + i + "\",\"side\":\"sell\",\"type\":\"fill\",\"seq\":" + i + ",\"time\":1626994929946,\"qty\":320.0,\"price\":119.44}",
                "{\"time\":1676393235406,\"product_id\":\"PF_XBTUSD\",\"funding_rate\":-6.2604214e-11,\"next_funding_rate_time\":1676394000000,\"feed\":\"ticker\",\"bid\":21978.5,\"ask\":21987.0,\"bid_size\":2536.0,\"ask_size\":13948.0,\"index\":21984.54,\"markPrice\":21979.68641534714}"));

        await().atMost(30, SECONDS).untilAsserted(() -> assertThat(counts()).allSatisfy((channel, n) -> assertThat(n).isGreaterThanOrEqualTo(3)));
        // control messages go out at most 5 (spot) or 10 (futures) per second, so the last ones may still be queued
        await().atMost(5, SECONDS).untilAsserted(this::assertPathsCarryTheirTypes);
        List<Long> dropped = simulator.connections().stream().map(ConnectionInfo::id).toList();
        assertThat(dropped).hasSize(5);

        simulator.dropConnections();

        // every feed reconnects on its own, then data flows again on every channel
        await().atMost(30, SECONDS).until(() -> simulator.connections().size() == 5
                && simulator.connections().stream().noneMatch(c -> dropped.contains(c.id())));
        Map<String, Integer> reconnected = counts();
        await().atMost(30, SECONDS).untilAsserted(() -> assertThat(counts())
                .allSatisfy((channel, n) -> assertThat(n).as(channel).isGreaterThanOrEqualTo(reconnected.get(channel) + 5)));
        // control messages go out at most 5 (spot) or 10 (futures) per second, so the last ones may still be queued
        await().atMost(5, SECONDS).untilAsserted(this::assertPathsCarryTheirTypes);
        assertThat(subscriber.matching(r -> r.channel().equals("kraken:perpetual:pf_xbtusd:markPrice")).get(0).node()
                .get("fundingRate").asText()).isEqualTo("-0.000000000062604214");
        // the reconnect was announced on every symbol's status channel, in the exchange's own spelling of the symbol
        Map<String, String> statusSymbols = Map.of("binance:perpetual:btcusdt:status", "BTCUSDT",
                "binance:perpetual:btcusd_perp:status", "BTCUSD_PERP", "kraken:spot:btc-usd:status", "BTC/USD",
                "kraken:perpetual:pf_xbtusd:status", "PF_XBTUSD");
        statusSymbols.forEach((channel, symbol) -> assertThat(subscriber.matching(r -> r.channel().equals(channel)))
                .as(channel).isNotEmpty().allSatisfy(r -> assertThat(r.node().get("symbol").asText()).isEqualTo(symbol)));
    }

    @Test
    void should_refuse_a_runtime_subscription_on_the_wrong_path_or_beyond_the_stream_limit() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 5);
        assertThatThrownBy(() -> feed("binance-usdm-market").subscribe(List.of(Channel.of("binance", "perpetual", "solusdt", "depth"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binance-usdm-market").hasMessageContaining("'depth'")
                .hasMessageContaining("/public");
        List<Channel> fiveMore = List.of("solusdt", "xrpusdt", "adausdt", "dogeusdt", "bnbusdt").stream()
                .map(symbol -> Channel.of("binance", "perpetual", symbol, "aggTrade")).toList();
        assertThatThrownBy(() -> feed("binance-usdm-market").subscribe(fiveMore))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 streams").hasMessageContaining("14 allowed");
        assertThat(feed("binance-usdm-market").channels()).hasSize(10);
    }

    private void assertPathsCarryTheirTypes() {
        List<ConnectionInfo> open = simulator.connections();
        assertThat(open).filteredOn(c -> c.pathPrefix().equals("/public")).singleElement()
                .satisfies(c -> assertThat(c.subscribedStreams()).containsExactlyInAnyOrder(
                        "btcusdt@bookticker", "btcusdt@depth@100ms", "ethusdt@bookticker", "ethusdt@depth@100ms"));
        assertThat(open).filteredOn(c -> c.pathPrefix().equals("/market")).singleElement()
                .satisfies(c -> assertThat(c.subscribedStreams()).contains("btcusdt@aggtrade", "btcusdt@markprice@1s",
                        "btcusdt@forceorder").noneMatch(s -> s.contains("depth") || s.contains("bookticker")));
        assertThat(open).filteredOn(c -> c.pathPrefix().equals("/kraken/v2")).singleElement()
                .satisfies(c -> assertThat(c.subscribedStreams()).contains("trade:btc/usd", "ticker:btc/usd", "book:btc/usd", "ohlc-1:btc/usd"));
        assertThat(open).filteredOn(c -> c.pathPrefix().equals("/kraken-futures/ws/v1")).singleElement()
                .satisfies(c -> assertThat(c.subscribedStreams()).contains("trade:pf_xbtusd", "ticker:pf_xbtusd", "book:pf_xbtusd"));
    }

    private Map<String, Integer> counts() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        CHANNELS.forEach(c -> counts.put(c, count(c)));
        return counts;
    }

    private int count(String channel) {
        return subscriber.count(r -> r.channel().equals(channel));
    }
}
