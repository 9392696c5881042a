package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Kraken futures v1 as served by the simulator on {@code /kraken-futures/ws/v1}: info, acks, heartbeat feed, pings. */
class KrakenFuturesProtocolTest extends SimulatorTestSupport {

    private static final String URL_PATH = "/kraken-futures/ws/v1";
    private static final String INFO = "{\"event\":\"info\",\"version\":1}";
    private static final String HEARTBEAT = "\\{\"feed\":\"heartbeat\",\"time\":\\d{13}}";

    @Test
    void should_greet_with_info() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            await().until(() -> client.messageCount() == 1);
            assertThat(client.messages()).containsExactly(INFO);
            assertThat(simulator.connections()).singleElement()
                    .satisfies(c -> assertThat(c.pathPrefix()).isEqualTo(URL_PATH));
        }
    }

    @Test
    void should_ack_each_product_of_a_subscribe_and_an_unsubscribe() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            client.send("{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\",\"PI_ETHUSD\"]}");
            client.send("{\"event\":\"subscribe\",\"feed\":\"ticker\",\"product_ids\":[\"PF_XBTUSD\"]}");
            await().until(() -> client.messageCount() == 4);
            assertThat(simulator.connections().get(0).subscribedStreams())
                    .containsExactly("book:pf_xbtusd", "book:pi_ethusd", "ticker:pf_xbtusd");

            client.send("{\"event\":\"unsubscribe\",\"feed\":\"book\",\"product_ids\":[\"PI_ETHUSD\"]}");
            await().until(() -> client.messageCount() == 5);
            assertThat(client.messages()).containsExactly(INFO,
                    "{\"event\":\"subscribed\",\"feed\":\"book\",\"product_ids\":[\"PF_XBTUSD\"]}",
                    "{\"event\":\"subscribed\",\"feed\":\"book\",\"product_ids\":[\"PI_ETHUSD\"]}",
                    "{\"event\":\"subscribed\",\"feed\":\"ticker\",\"product_ids\":[\"PF_XBTUSD\"]}",
                    "{\"event\":\"unsubscribed\",\"feed\":\"book\",\"product_ids\":[\"PI_ETHUSD\"]}");
            assertThat(simulator.connections().get(0).subscribedStreams()).containsExactly("book:pf_xbtusd", "ticker:pf_xbtusd");
        }
    }

    @Test
    void should_answer_bad_requests_with_kraken_error_events() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            client.send("{\"event\":");
            client.send("{\"event\":\"teleport\",\"feed\":\"book\"}");
            client.send("{\"event\":\"subscribe\",\"feed\":\"level9\",\"product_ids\":[\"PF_XBTUSD\"]}");

            await().until(() -> client.messageCount() == 4);
            assertThat(client.messages().subList(1, 4)).containsExactly(
                    "{\"event\":\"error\",\"message\":\"Json Error\"}",
                    "{\"event\":\"error\",\"message\":\"Json Error\"}",
                    "{\"event\":\"error\",\"message\":\"Invalid feed\"}");
            assertThat(simulator.subscribedStreams()).isEmpty();
        }
    }

    @Test
    void should_send_heartbeats_about_every_second_once_the_heartbeat_feed_is_subscribed() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            // a connection with data subscriptions but no heartbeat feed gets no heartbeat
            client.send("{\"event\":\"subscribe\",\"feed\":\"trade\",\"product_ids\":[\"PF_XBTUSD\"]}");
            await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
            assertThat(client.messages()).containsExactly(INFO,
                    "{\"event\":\"subscribed\",\"feed\":\"trade\",\"product_ids\":[\"PF_XBTUSD\"]}");

            client.send("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats(client).size() >= 3);
            assertThat(client.messages().get(2)).isEqualTo("{\"event\":\"subscribed\",\"feed\":\"heartbeat\"}");
            assertThat(simulator.connections().get(0).subscribedStreams()).containsExactly("trade:pf_xbtusd", "heartbeat");
            List<Long> times = heartbeats(client).stream()
                    .map(h -> Long.parseLong(h.substring(h.indexOf("\"time\":") + 7, h.length() - 1))).toList();
            assertThat(times).isSorted();
            assertThat(times.get(0)).isCloseTo(System.currentTimeMillis(), within(60_000L));
        }
    }

    @Test
    void should_stop_heartbeats_after_unsubscribing_the_heartbeat_feed() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            client.send("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats(client).size() >= 1);

            client.send("{\"event\":\"unsubscribe\",\"feed\":\"heartbeat\"}");
            await().until(() -> client.messages().contains("{\"event\":\"unsubscribed\",\"feed\":\"heartbeat\"}"));
            await().pollDelay(Duration.ofMillis(500)).until(() -> true); // a heartbeat already on its way still lands
            int before = heartbeats(client).size();
            await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
            assertThat(heartbeats(client)).hasSize(before);
            assertThat(simulator.subscribedStreams()).isEmpty();
        }
    }

    @Test
    void should_send_no_heartbeat_while_stalled() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            client.send("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats(client).size() >= 1);
            simulator.stall(true);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true);
            int stalledAt = heartbeats(client).size();
            await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
            assertThat(heartbeats(client)).hasSize(stalledAt);
            simulator.stall(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> heartbeats(client).size() > stalledAt);
        }
    }

    @Test
    void should_answer_websocket_pings_and_record_them() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            client.sendPing();
            client.sendPing();
            await().until(() -> client.pongs.get() == 2);
            assertThat(simulator.connections().get(0).pingsReceived()).isEqualTo(2);
        }
    }

    @Test
    void should_replay_the_products_a_recording_subscribed_to_subscribed_clients() {
        String recorded = """
                wss://futures.kraken.com/ws/v1 <-> 1626994925.000000
                wss://futures.kraken.com/ws/v1 <- 1626994925.100000: {"event":"subscribe","feed":"book","product_ids":["PI_XBTUSD"]}
                wss://futures.kraken.com/ws/v1 <- 1626994925.100000: {"event":"subscribe","feed":"trade","product_ids":["PI_XBTUSD"]}
                wss://futures.kraken.com/ws/v1 <- 1626994925.200000: {"event":"subscribe","feed":"heartbeat"}
                1626994925.050000: {"event":"info","version":1}
                1626994925.150000: {"event":"subscribed","feed":"book","product_ids":["PI_XBTUSD"]}
                1626994925.250000: {"feed":"heartbeat","time":1626994925250}
                1626994925.378000: {"feed":"book_snapshot","product_id":"PI_XBTUSD","timestamp":1626994925378,"seq":91192,"tickSize":null,"bids":[{"price":439.3,"qty":20108.0}],"asks":[{"price":439.6,"qty":50.0}]}
                1626994925.400000: {"feed":"book","product_id":"PI_XBTUSD","side":"sell","seq":91193,"price":439.7,"qty":4787.0,"timestamp":1626994925390}
                1626994929.946000: {"feed":"trade","product_id":"PI_XBTUSD","uid":"e2429e31","side":"buy","type":"fill","seq":5956,"time":1626994929946,"qty":320.0,"price":439.6}
                """;
        Recording recording = Recording.parse("kraken-futures", new StringReader(recorded));
        KrakenFuturesProtocol protocol = new KrakenFuturesProtocol();
        assertThat(protocol.canReplay(recording)).isTrue();
        assertThat(new KrakenSpotProtocol().canReplay(recording)).isFalse();
        assertThat(new BinanceProtocol().canReplay(recording)).isFalse();
        assertThat(protocol.streams(recording)).containsExactly("book:PI_XBTUSD", "trade:PI_XBTUSD");
        assertThat(recording.frames()).extracting(f -> protocol.recordedEvent(f.text()).map(StreamEvent::stream).orElse("-"))
                .containsExactly("-", "-", "-", "book:PI_XBTUSD", "book:PI_XBTUSD", "trade:PI_XBTUSD");

        try (TestClient client = TestClient.connect(simulator.wsUrl() + URL_PATH)) {
            ReplayHandle replay = simulator.replay(recording, ReplayOptions.fast());
            client.send("{\"event\":\"subscribe\",\"feed\":\"book\",\"product_ids\":[\"PI_XBTUSD\"]}");
            client.send("{\"event\":\"subscribe\",\"feed\":\"trade\",\"product_ids\":[\"PI_XBTUSD\"]}");

            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().untilAsserted(() -> assertThat(client.messages()).containsSubsequence(
                    recording.frames().get(3).text(), recording.frames().get(4).text(), recording.frames().get(5).text()));
            assertThat(replay.framesSent()).isEqualTo(3);
        }
    }

    private static List<String> heartbeats(TestClient client) {
        return client.messages().stream().filter(m -> m.matches(HEARTBEAT)).toList();
    }
}
