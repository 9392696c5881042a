package io.datastream.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import io.datastream.model.Channel;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import org.apache.camel.ServiceStatus;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The feed keeps streaming through what exchanges do to connections, and says so on the status channels. */
class ConnectionResilienceTest extends DataStreamTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt");
    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.upstream.stale-timeout", "2s");
        properties.put("datastream.upstream.ping-interval", "500ms");
        properties.put("datastream.upstream.reconnect-initial-delay", "100ms");
        properties.put("datastream.upstream.reconnect-max-delay", "1s");
        properties.put("datastream.upstream.rotation-overlap", "500ms");
        if (testName.contains("rotate")) {
            properties.put("datastream.upstream.rotation-interval", "2s");
        }
        if (testName.contains("cadence")) {
            properties.put("datastream.upstream.cadence-timeouts", "binance:trade=1500ms");
        }
    }

    @Test
    void should_resubscribe_only_the_channel_whose_cadence_stopped_on_a_live_connection() {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(SYMBOLS.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().containsAll(List.of("aaausdt@trade", "bbbusdt@trade")));
        // aaausdt trades flow; bbbusdt is subscribed but the exchange never sends it anything
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(200).build());

        await().atMost(10, SECONDS).until(() -> statesOf("bbbusdt").contains("stale"));
        await().atMost(5, SECONDS).until(() -> upstreamMessages("SUBSCRIBE", "bbbusdt@trade") >= 2);
        assertThat(upstreamMessages("UNSUBSCRIBE", "bbbusdt@trade")).isGreaterThanOrEqualTo(1);
        assertThat(feed("binance-spot").channelResubscribes()).isPositive();
        long aaaBefore = trades().stream().filter(r -> r.channel().contains(":aaausdt:")).count();
        await().atMost(10, SECONDS).until(() -> trades().stream().filter(r -> r.channel().contains(":aaausdt:")).count() > aaaBefore + 200);
        assertThat(statesOf("aaausdt")).as("the flowing channel is left alone").doesNotContain("stale");
        assertThat(upstreamMessages("SUBSCRIBE", "aaausdt@trade")).isEqualTo(1);
        assertThat(simulator.totalConnectionsAccepted()).as("no reconnect").isEqualTo(1);
    }

    private long upstreamMessages(String method, String stream) {
        return simulator.connections().stream().flatMap(c -> c.receivedMessages().stream())
                .filter(m -> m.contains("\"" + method + "\"") && m.contains("\"" + stream + "\"")).count();
    }

    @Override
    protected void beforeServiceStart() {
        if (testName.contains("down_at_start")) {
            simulator.refuseConnections(Duration.ofSeconds(3));
        }
    }

    @Test
    void should_rotate_make_before_break_with_no_trade_lost_or_doubled() {
        int perSymbol = 4_000; // 4 s at 2,000/s: two planned rotations
        startTrades(2_000, perSymbol);
        await().atMost(30, SECONDS).until(() -> trades().size() >= SYMBOLS.size() * perSymbol);
        assertThat(feed("binance-spot").rotations()).isGreaterThanOrEqualTo(1);
        assertExactlyOnceInOrder(perSymbol);
        assertThat(feed("binance-spot").reconnects()).isZero();
    }

    @Test
    void should_switch_connections_on_a_server_shutdown_notice_with_no_trade_lost_or_doubled() {
        int perSymbol = 3_000;
        startTrades(1_000, perSymbol);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 500);
        simulator.sendServerShutdown();
        await().atMost(30, SECONDS).until(() -> trades().size() >= SYMBOLS.size() * perSymbol);
        assertThat(feed("binance-spot").rotations()).isEqualTo(1);
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(2);
        assertExactlyOnceInOrder(perSymbol);
    }

    @Test
    void should_detect_a_stalled_connection_and_reconnect_within_the_stale_timeout() {
        startTrades(500, 0);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        simulator.stall(true); // socket open, no data, no pongs
        await().atMost(5, SECONDS).until(() -> statesOf("aaausdt").contains("stale"));
        simulator.stall(false);
        int before = trades().size();
        await().atMost(10, SECONDS).until(() -> trades().size() >= before + 200);
        assertThat(simulator.totalConnectionsAccepted()).isGreaterThanOrEqualTo(2);
        assertThat(statesOf("aaausdt")).containsSubsequence("stale", "live");
        assertStrictlyIncreasingIds();
    }

    @Test
    void should_reconnect_after_a_going_away_close_and_ten_seconds_of_refused_connections() {
        startTrades(500, 0);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        simulator.refuseConnections(Duration.ofSeconds(10));
        simulator.closeConnections(1001, "going away");
        await().atMost(5, SECONDS).until(() -> statesOf("aaausdt").contains("reconnecting"));
        assertThat(readiness()).isEqualTo(HealthCheck.State.DOWN);
        int before = trades().size();
        await().atMost(25, SECONDS).until(() -> trades().size() >= before + 200);
        assertThat(simulator.refusedConnections()).isGreaterThan(3); // it kept trying, with back-off
        assertThat(readiness()).isEqualTo(HealthCheck.State.UP);
        assertStrictlyIncreasingIds();
    }

    @Test
    void should_start_when_the_exchange_is_down_at_start_and_connect_once_it_is_up() {
        assertThat(context.getRouteController().getRouteStatus("binance-spot")).isEqualTo(ServiceStatus.Started);
        assertThat(readiness()).isEqualTo(HealthCheck.State.DOWN);
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        startTrades(500, 0);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        assertThat(readiness()).isEqualTo(HealthCheck.State.UP);
    }

    private SyntheticFeed startTrades(double rate, long perSymbol) {
        await().atMost(15, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(SYMBOLS.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
        await().atMost(5, SECONDS).until(() -> simulator.subscribedStreams().containsAll(List.of("aaausdt@trade", "bbbusdt@trade")));
        return simulator.generateTrades(SyntheticOptions.builder().symbols(SYMBOLS).ratePerSecond(rate).countPerSymbol(perSymbol).build());
    }

    private HealthCheck.State readiness() {
        return HealthCheckHelper.invokeReadiness(context).stream()
                .filter(r -> r.getCheck().getId().equals("upstream:binance-spot")).findFirst().orElseThrow().getState();
    }

    private List<RedisSubscriber.Received> trades() {
        return subscriber.matching(r -> r.channel().endsWith(":trade") && !r.channel().contains(":btcusdt:") && !r.channel().contains(":ethusdt:"));
    }

    private List<String> statesOf(String symbol) {
        return subscriber.matching(r -> r.channel().equals("binance:spot:" + symbol + ":status")).stream()
                .map(r -> r.node().get("state").asText()).toList();
    }

    private Map<String, List<Long>> idsBySymbol() {
        return trades().stream().collect(Collectors.groupingBy(r -> r.channel().split(":")[2],
                Collectors.mapping(r -> r.node().get("tradeId").asLong(), Collectors.toList())));
    }

    private void assertExactlyOnceInOrder(int perSymbol) {
        idsBySymbol().forEach((symbol, ids) -> assertThat(ids).as(symbol)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, perSymbol).boxed().toList()));
    }

    private void assertStrictlyIncreasingIds() {
        idsBySymbol().forEach((symbol, ids) -> {
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).as("%s after %d", symbol, ids.get(i - 1)).isGreaterThan(ids.get(i - 1));
            }
        });
    }
}
