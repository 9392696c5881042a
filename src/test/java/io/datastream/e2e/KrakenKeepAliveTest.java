package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.datastream.publish.DeadLetters;
import io.datastream.sim.ConnectionInfo;
import io.datastream.sim.SimulatorOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

/**
 * How the Kraken feeds keep quiet connections alive, against the simulator with no market data at all: Kraken spot
 * sends an application {@code ping} every ping interval; Kraken futures (no ping message) re-subscribes its
 * {@code heartbeat} feed every ping interval and so gets a heartbeat about every second; both also send WebSocket
 * PINGs. Heartbeats alone keep a connection from being declared stale; when they stop, it is replaced.
 */
class KrakenKeepAliveTest extends DataStreamTestSupport {

    private static final String SPOT = "/kraken/v2";
    private static final String FUTURES = "/kraken-futures/ws/v1";
    private static final String FUTURES_KEEP_ALIVE = "{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}";

    @Override
    protected List<String> feeds() {
        return testName.contains("quiet_kraken_spot") ? List.of("kraken-spot")
                : testName.contains("quiet_kraken_futures") ? List.of("kraken-futures")
                : List.of("kraken-spot", "kraken-futures");
    }

    @Override
    protected SimulatorOptions.Builder simulatorOptions() {
        // a server that ignores WebSocket PINGs: no pong ever proves these connections alive
        return super.simulatorOptions().answerPings(!testName.contains("quiet"));
    }

    @Override
    protected void configure(Properties properties) {
        if (testName.contains("quiet_kraken_spot")) {
            // no ping in the test's time: only the exchange's heartbeats can keep the connection from going stale
            properties.put("datastream.upstream.ping-interval", "60s");
            properties.put("datastream.upstream.stale-timeout", "2s");
        } else if (testName.contains("quiet_kraken_futures")) {
            properties.put("datastream.upstream.ping-interval", "1s");
            properties.put("datastream.upstream.stale-timeout", "2500ms");
        } else {
            properties.put("datastream.upstream.ping-interval", "500ms");
        }
    }

    @Test
    void should_ping_kraken_spot_with_app_pings_and_keep_kraken_futures_alive_with_heartbeat_subscriptions() {
        await().atMost(30, SECONDS).untilAsserted(() -> {
            ConnectionInfo spot = connection(SPOT);
            List<String> pings = spot.receivedMessages().stream().filter(m -> m.startsWith("{\"method\":\"ping\"")).toList();
            assertThat(pings).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(ping -> assertThat(ping).matches("\\{\"method\":\"ping\",\"req_id\":\\d+}"));
            List<Long> ids = pings.stream().map(p -> Long.parseLong(p.replaceAll("\\D", ""))).toList();
            assertThat(ids).doesNotHaveDuplicates().isSorted();
            assertThat(spot.pingsReceived()).as("WebSocket PINGs on spot").isGreaterThanOrEqualTo(3);

            ConnectionInfo futures = connection(FUTURES);
            assertThat(futures.receivedMessages()).filteredOn(FUTURES_KEEP_ALIVE::equals).hasSizeGreaterThanOrEqualTo(3);
            assertThat(futures.receivedMessages()).noneMatch(m -> m.contains("\"method\""));
            assertThat(futures.subscribedStreams()).contains("heartbeat", "trade:pf_xbtusd");
            assertThat(futures.pingsReceived()).as("WebSocket PINGs on futures").isGreaterThanOrEqualTo(3);
        });
        // pongs, acks and heartbeats are control frames to the normalizer: nothing dead-lettered, nothing published
        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            assertThat(redis.sync().llen(DeadLetters.REDIS_KEY)).isZero();
        }
        assertThat(subscriber.matching(r -> !r.channel().endsWith(":status"))).isEmpty();
        assertThat(simulator.totalConnectionsAccepted()).as("no reconnect").isEqualTo(2);
    }

    @Test
    void should_keep_a_quiet_kraken_spot_connection_on_heartbeats_alone_and_replace_it_when_they_stop() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1 && !connection(SPOT).subscribedStreams().isEmpty());
        // three stale timeouts with nothing but heartbeats: the connection stays
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> simulator.totalConnectionsAccepted() == 1);
        ConnectionInfo spot = connection(SPOT);
        assertThat(spot.pingsReceived()).as("no WebSocket PING sent").isZero();
        assertThat(spot.receivedMessages()).as("no app ping sent").allSatisfy(m -> assertThat(m).contains("\"method\":\"subscribe\""));
        assertThat(states()).doesNotContain("stale");

        // the heartbeats stop (the path to the exchange goes dead): stale, replaced by a new connection
        simulator.stall(true);
        await().atMost(20, SECONDS).until(() -> simulator.totalConnectionsAccepted() == 2);
        await().atMost(10, SECONDS).until(() -> states().contains("stale"));
        simulator.stall(false);
    }

    @Test
    void should_keep_a_quiet_kraken_futures_connection_on_its_heartbeat_feed_and_replace_it_when_it_stops() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1 && connection(FUTURES).subscribedStreams().contains("heartbeat"));
        await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(10)).until(() -> simulator.totalConnectionsAccepted() == 1);
        // it pinged, unanswered: what kept it is its keep-alive, the heartbeat subscription (acked) and the heartbeats
        assertThat(connection(FUTURES).pingsReceived()).isPositive();
        assertThat(connection(FUTURES).receivedMessages()).contains(FUTURES_KEEP_ALIVE);
        assertThat(states()).doesNotContain("stale");

        simulator.stall(true);
        await().atMost(20, SECONDS).until(() -> simulator.totalConnectionsAccepted() == 2);
        await().atMost(10, SECONDS).until(() -> states().contains("stale"));
        simulator.stall(false);
    }

    private List<String> states() {
        return subscriber.ofType("status").stream().map(r -> r.node().get("state").asText()).toList();
    }

    private ConnectionInfo connection(String path) {
        return simulator.connections().stream().filter(c -> c.pathPrefix().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no open connection on " + path + ": " + simulator.connections()));
    }
}
