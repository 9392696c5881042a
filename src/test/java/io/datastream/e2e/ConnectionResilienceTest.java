package io.datastream.e2e;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.exchange.ConnectionState;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Channel;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SimulatorOptions;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The feed keeps streaming through what exchanges do to connections, and says so on the status channels. */
class ConnectionResilienceTest extends DataStreamTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt");
    private static final int MAX_PENDING_FRAMES = 200;
    private static final long PAUSED_TEST_STALE_TIMEOUT_MILLIS = 1_000;
    /** Binance closes connections at 24 h; the simulator does it at this age in the max_age tests. */
    private static final Duration EXCHANGE_MAX_AGE = Duration.ofSeconds(4);

    @Override
    protected SimulatorOptions.Builder simulatorOptions() {
        if (testName.contains("drops_every_connection_at_once")) {
            return super.simulatorOptions().maxConnectionAge(Duration.ofMillis(100));
        }
        return testName.contains("max_age") ? super.simulatorOptions().maxConnectionAge(EXCHANGE_MAX_AGE)
                : super.simulatorOptions();
    }

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.upstream.stale-timeout", "2s");
        properties.put("datastream.upstream.ping-interval", "500ms");
        properties.put("datastream.upstream.reconnect-initial-delay", "100ms");
        properties.put("datastream.upstream.reconnect-max-delay", "1s");
        properties.put("datastream.upstream.rotation-overlap", "500ms");
        if (testName.contains("rotate")) {
            // a connection is closed at about interval + 2 x overlap of age (3 s): well before EXCHANGE_MAX_AGE
            properties.put("datastream.upstream.rotation-interval", "2s");
        }
        if (testName.contains("during_the_overlap")) {
            // an overlap far longer than the test: only the exchange's close can end it
            properties.put("datastream.upstream.rotation-overlap", "30s");
        }
        if (testName.contains("paused")) {
            properties.put("datastream.upstream.stale-timeout", PAUSED_TEST_STALE_TIMEOUT_MILLIS + "ms");
            properties.put("datastream.upstream.max-pending-frames", String.valueOf(MAX_PENDING_FRAMES));
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
        assertExactlyOnceInOrder(symbol -> perSymbol);
        assertThat(feed("binance-spot").rotationRepeatsDropped()).as("repeats dropped before the route").isPositive();
        assertThat(feed("binance-spot").reconnects()).isZero();
    }

    @Test
    void should_rotate_every_connection_before_the_exchange_closes_it_at_its_max_age() {
        SyntheticFeed trades = startTrades(1_000, 0);
        long rotationsBefore = feed("binance-spot").rotations();
        await().atMost(30, SECONDS).until(() -> feed("binance-spot").rotations() >= rotationsBefore + 2);
        trades.stop();
        await().atMost(30, SECONDS).until(() -> trades().size() >= trades.sent());
        assertExactlyOnceInOrder(trades::sent);
        assertThat(simulator.connectionsClosedAtMaxAge()).as("closed by the exchange at max age").isZero();
        assertThat(feed("binance-spot").reconnects()).isZero();
        assertThat(statesOf("aaausdt")).doesNotContain("reconnecting");
    }

    @Test
    void should_rotate_only_once_the_replacement_streams_when_the_exchange_is_slow_to_subscribe_it() {
        SyntheticFeed trades = startTrades(1_000, 0);
        // the replacement's SUBSCRIBE takes effect three overlaps after it was sent
        simulator.delayClientMessages(Duration.ofMillis(1_500));
        long rotationsBefore = feed("binance-spot").rotations();
        await().atMost(30, SECONDS).until(() -> feed("binance-spot").rotations() >= rotationsBefore + 1);
        trades.stop();
        await().atMost(30, SECONDS).until(() -> trades().size() >= trades.sent());
        assertExactlyOnceInOrder(trades::sent);
        assertThat(feed("binance-spot").reconnects()).isZero();
    }

    @Test
    void should_reconnect_and_resubscribe_when_the_exchange_closes_a_connection_at_its_max_age() {
        startTrades(500, 0);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 100);
        await().atMost(15, SECONDS).until(() -> simulator.connectionsClosedAtMaxAge() >= 1);
        await().atMost(10, SECONDS).untilAsserted(() -> assertThat(statesOf("aaausdt")).containsSubsequence("reconnecting", "live"));
        assertThat(reasonsOf("aaausdt", "reconnecting")).first().asString().contains("1000");
        int before = trades().size();
        // trades flow again only if the new connection subscribed them again
        await().atMost(15, SECONDS).until(() -> trades().size() >= before + 200);
        assertThat(feed("binance-spot").rotations()).as("its rotation is not due for a day").isZero();
        assertStrictlyIncreasingIds();
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
        assertExactlyOnceInOrder(symbol -> perSymbol);
    }

    @Test
    void should_switch_to_the_replacement_when_the_exchange_closes_the_old_connection_during_the_overlap() {
        int perSymbol = 4_000;
        startTrades(1_000, perSymbol);
        await().atMost(10, SECONDS).until(() -> trades().size() >= 500);
        long old = simulator.connections().get(0).id();
        simulator.sendServerShutdown();
        await().atMost(10, SECONDS).until(() -> simulator.connections().stream()
                .anyMatch(c -> c.id() != old && c.subscribedStreams().containsAll(List.of("aaausdt@trade", "bbbusdt@trade"))));
        // both connections stream for a while: the replacement holds what it gets
        int before = trades().size();
        await().atMost(10, SECONDS).until(() -> trades().size() >= before + 200);

        simulator.closeConnection(old, 1000, "server shutting down");

        await().atMost(30, SECONDS).until(() -> trades().size() >= SYMBOLS.size() * perSymbol);
        assertExactlyOnceInOrder(symbol -> perSymbol);
        assertThat(feed("binance-spot").rotations()).isEqualTo(1);
        assertThat(feed("binance-spot").reconnects()).as("switched, not reconnected").isZero();
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(2);
        assertThat(statesOf("aaausdt")).doesNotContain("reconnecting");
    }

    @Test
    void should_never_declare_a_socket_paused_for_a_slow_worker_stale_and_deliver_every_trade_once_it_catches_up()
            throws Exception {
        WorkerGate gate = new WorkerGate();
        // the route restarts with the gate first: its worker holds the first frame until the gate opens
        AdviceWith.adviceWith(context, "binance-spot", route -> route.weaveAddFirst().process(gate));
        try {
            int perSymbol = 3_000;
            startTrades(2_000, perSymbol);
            UpstreamConsumer feed = feed("binance-spot");
            long accepted = simulator.totalConnectionsAccepted();
            await().atMost(15, SECONDS).until(() -> pausedGauge() == 1.0);
            int pingsAtPause = pingsReceivedBySimulator();
            // unread, the socket shows no frame and no pong: far past the stale timeout it is still not replaced
            await().atMost(30, SECONDS).until(() -> feed.lastActivityAgeMillis() > 3 * PAUSED_TEST_STALE_TIMEOUT_MILLIS);
            assertThat(feed.state()).isEqualTo(ConnectionState.LIVE);
            assertThat(pingsReceivedBySimulator()).as("pings go on while paused (Kraken futures closes after 60 s without)")
                    .isGreaterThan(pingsAtPause);
            assertThat(feed.pendingFrames()).as("the worker's queue").isBetween(1, MAX_PENDING_FRAMES);
            assertThat(simulator.totalConnectionsAccepted()).as("no reconnect").isEqualTo(accepted);

            gate.open();
            await().atMost(30, SECONDS).until(() -> trades().size() >= SYMBOLS.size() * perSymbol);
            assertExactlyOnceInOrder(symbol -> perSymbol);
            assertThat(pausedGauge()).isZero();
            assertThat(feed.reconnects()).isZero();
            assertThat(simulator.totalConnectionsAccepted()).isEqualTo(accepted);
            assertThat(statesOf("aaausdt")).doesNotContain("stale", "reconnecting");
        } finally {
            gate.open();
        }
    }

    /** Holds the feed's worker at its first frame until opened: a worker slower than any feed. */
    private static final class WorkerGate implements Processor {
        private final CountDownLatch open = new CountDownLatch(1);

        @Override
        public void process(Exchange exchange) throws InterruptedException {
            open.await();
        }

        void open() {
            open.countDown();
        }
    }

    private int pingsReceivedBySimulator() {
        return simulator.connections().stream().mapToInt(ConnectionInfo::pingsReceived).sum();
    }

    @Test
    void should_back_off_ever_longer_when_the_exchange_drops_every_connection_at_once() throws InterruptedException {
        await().atMost(15, SECONDS).until(() -> simulator.connectionsClosedAtMaxAge() >= 3);
        long before = simulator.totalConnectionsAccepted();
        Thread.sleep(6_000);
        long accepted = simulator.totalConnectionsAccepted() - before;
        // back-off 100 ms doubling to the 1 s cap (jitter ±50 %), each connection dropped after 100 ms: at most 12
        // connections in 6 s; a back-off that started over on every connect would make about 30
        assertThat(accepted).as("connections accepted in 6 s").isBetween(2L, 13L);
        assertThat(feed("binance-spot").reconnects()).isPositive();
    }

    private double pausedGauge() {
        return meters().get("datastream.upstream.paused").tag("route", "binance-spot").gauge().value();
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
        return statusEvents(symbol).stream().map(status -> status.get("state").asText()).toList();
    }

    /** Reasons of the symbol's status events in one state, in order. */
    private List<String> reasonsOf(String symbol, String state) {
        return statusEvents(symbol).stream().filter(status -> status.get("state").asText().equals(state))
                .map(status -> status.get("reason").asText()).toList();
    }

    private List<JsonNode> statusEvents(String symbol) {
        return subscriber.matching(r -> r.channel().equals("binance:spot:" + symbol + ":status")).stream()
                .map(RedisSubscriber.Received::node).toList();
    }

    private Map<String, List<Long>> idsBySymbol() {
        return trades().stream().collect(Collectors.groupingBy(r -> r.channel().split(":")[2],
                Collectors.mapping(r -> r.node().get("tradeId").asLong(), Collectors.toList())));
    }

    /** Each symbol's trade ids arrived exactly once, in order, from 1 to its last id. */
    private void assertExactlyOnceInOrder(ToLongFunction<String> lastId) {
        Map<String, List<Long>> ids = idsBySymbol();
        SYMBOLS.forEach(symbol -> assertThat(ids.getOrDefault(symbol, List.of())).as(symbol)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, lastId.applyAsLong(symbol)).boxed().toList()));
    }

    private void assertStrictlyIncreasingIds() {
        idsBySymbol().forEach((symbol, ids) -> {
            for (int i = 1; i < ids.size(); i++) {
                assertThat(ids.get(i)).as("%s after %d", symbol, ids.get(i - 1)).isGreaterThan(ids.get(i - 1));
            }
        });
    }
}
