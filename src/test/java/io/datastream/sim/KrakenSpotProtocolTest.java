package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.StringReader;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import org.junit.jupiter.api.Test;

/** Kraken spot WebSocket v2 as served by the simulator on {@code /kraken/v2}: status, acks, ping/pong, heartbeats. */
class KrakenSpotProtocolTest extends SimulatorTestSupport {

    private static final String STATUS = "\\{\"channel\":\"status\",\"data\":\\[\\{\"api_version\":\"v2\",\"connection_id\":\\d+,"
            + "\"system\":\"online\",\"version\":\"2.0.0\"}],\"type\":\"update\"}";
    private static final String HEARTBEAT = "{\"channel\":\"heartbeat\"}";
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z";

    @Test
    void should_greet_with_the_system_status() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            await().until(() -> client.messageCount() == 1);
            assertThat(client.messages().get(0)).matches(STATUS);
            assertThat(simulator.connections()).singleElement().satisfies(c -> {
                assertThat(c.pathPrefix()).isEqualTo("/kraken/v2");
                assertThat(c.subscribedStreams()).isEmpty();
            });
        }
    }

    @Test
    void should_ack_each_symbol_of_a_subscribe_with_the_request_id() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\",\"ETH/USD\"],"
                    + "\"snapshot\":false},\"req_id\":7}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"BTC/USD\"],\"depth\":25},\"req_id\":8}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"book\",\"symbol\":[\"ETH/USD\"]},\"req_id\":9}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"ohlc\",\"symbol\":[\"BTC/USD\"],\"interval\":5},\"req_id\":10}");

            await().until(() -> client.messageCount() == 6);
            List<JsonNode> acks = client.messages().subList(1, 6).stream().map(EventJson::read).toList();
            assertThat(acks).allSatisfy(ack -> {
                assertThat(ack.get("method").asText()).isEqualTo("subscribe");
                assertThat(ack.get("success").asBoolean()).isTrue();
                assertThat(ack.get("time_in").asText()).matches(TIME);
                assertThat(ack.get("time_out").asText()).matches(TIME);
            });
            assertThat(acks).extracting(ack -> ack.get("req_id").asLong()).containsExactly(7L, 7L, 8L, 9L, 10L);
            assertThat(acks).extracting(ack -> ack.get("result").toString()).containsExactly(
                    "{\"channel\":\"trade\",\"symbol\":\"BTC/USD\"}",
                    "{\"channel\":\"trade\",\"symbol\":\"ETH/USD\"}",
                    "{\"channel\":\"book\",\"symbol\":\"BTC/USD\",\"depth\":25}",
                    "{\"channel\":\"book\",\"symbol\":\"ETH/USD\",\"depth\":10}", // Kraken's default depth
                    "{\"channel\":\"ohlc\",\"symbol\":\"BTC/USD\"}");
            assertThat(simulator.connections().get(0).subscribedStreams())
                    .containsExactly("trade:btc/usd", "trade:eth/usd", "book:btc/usd", "book:eth/usd", "ohlc-5:btc/usd");
        }
    }

    @Test
    void should_unsubscribe_with_an_unsubscribe_ack() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":[\"BTC/USD\",\"ETH/USD\"]},\"req_id\":1}");
            await().until(() -> simulator.subscribedStreams().size() == 2);
            client.send("{\"method\":\"unsubscribe\",\"params\":{\"channel\":\"ticker\",\"symbol\":[\"ETH/USD\"]},\"req_id\":2}");

            await().until(() -> client.messageCount() == 4);
            JsonNode ack = EventJson.read(client.messages().get(3));
            assertThat(ack.get("method").asText()).isEqualTo("unsubscribe");
            assertThat(ack.get("success").asBoolean()).isTrue();
            assertThat(ack.get("req_id").asLong()).isEqualTo(2);
            assertThat(ack.get("result").toString()).isEqualTo("{\"channel\":\"ticker\",\"symbol\":\"ETH/USD\"}");
            assertThat(simulator.subscribedStreams()).containsExactly("ticker:btc/usd");
        }
    }

    @Test
    void should_answer_an_application_ping_with_a_pong_carrying_its_request_id() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            client.send("{\"method\":\"ping\",\"req_id\":42}");
            client.send("{\"method\":\"ping\"}");

            await().until(() -> client.messageCount() == 3);
            JsonNode pong = EventJson.read(client.messages().get(1));
            assertThat(pong.get("method").asText()).isEqualTo("pong");
            assertThat(pong.get("req_id").asLong()).isEqualTo(42);
            assertThat(pong.get("time_in").asText()).matches(TIME);
            assertThat(pong.get("time_out").asText()).matches(TIME);
            assertThat(EventJson.read(client.messages().get(2)).has("req_id")).isFalse();
            assertThat(simulator.connections().get(0).receivedMessages())
                    .containsExactly("{\"method\":\"ping\",\"req_id\":42}", "{\"method\":\"ping\"}");
        }
    }

    @Test
    void should_answer_bad_requests_with_success_false() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            client.send("{\"method\":");
            client.send("{\"method\":\"teleport\",\"req_id\":3}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"level9\",\"symbol\":[\"BTC/USD\"]},\"req_id\":4}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":\"BTC/USD\"},\"req_id\":5}");

            await().until(() -> client.messageCount() == 5);
            assertThat(client.messages().get(1)).isEqualTo("{\"error\":\"Malformed request\",\"success\":false}");
            List<JsonNode> errors = client.messages().subList(2, 5).stream().map(EventJson::read).toList();
            assertThat(errors).allSatisfy(error -> assertThat(error.get("success").asBoolean()).isFalse());
            assertThat(errors).extracting(error -> error.get("req_id").asLong()).containsExactly(3L, 4L, 5L);
            assertThat(errors.get(0).get("error").asText()).contains("teleport");
            assertThat(errors.get(1).get("error").asText()).contains("level9");
            assertThat(simulator.subscribedStreams()).isEmpty();
        }
    }

    @Test
    void should_send_heartbeats_once_subscribed_and_quiet_and_none_before() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            // nothing subscribed: no heartbeat, only the status greeting
            await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
            assertThat(client.messages()).singleElement().asString().matches(STATUS);

            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]},\"req_id\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messages().stream().filter(HEARTBEAT::equals).count() >= 2);
        }
    }

    @Test
    void should_send_no_heartbeat_while_stalled() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]},\"req_id\":1}");
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messages().contains(HEARTBEAT));
            simulator.stall(true);
            await().pollDelay(Duration.ofMillis(500)).until(() -> true); // a frame already on its way still lands
            int stalledAt = client.messageCount();
            await().pollDelay(Duration.ofMillis(2500)).until(() -> true);
            assertThat(client.messageCount()).isEqualTo(stalledAt);
            simulator.stall(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.messageCount() > stalledAt);
        }
    }

    @Test
    void should_serve_only_its_own_path() {
        assertThatThrownBy(() -> TestClient.connect(simulator.wsUrl() + "/kraken/v1"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2/")) {
            await().until(() -> client.messageCount() == 1);
        }
    }

    @Test
    void should_replay_the_streams_a_recording_subscribed_to_subscribed_clients() {
        String recorded = """
                wss://ws.kraken.com/v2 <-> 1700000000.000000
                wss://ws.kraken.com/v2 <- 1700000000.100000: {"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD"],"snapshot":false},"req_id":1}
                wss://ws.kraken.com/v2 <- 1700000000.100000: {"method":"subscribe","params":{"channel":"ohlc","symbol":["BTC/USD"],"interval":1},"req_id":2}
                wss://ws.kraken.com/v2 <- 1700000000.200000: {"method":"ping","req_id":3}
                1700000000.150000: {"method":"subscribe","result":{"channel":"trade","symbol":"BTC/USD"},"success":true,"time_in":"2023-10-06T17:35:55.440295Z","time_out":"2023-10-06T17:35:55.440395Z","req_id":1}
                1700000000.300000: {"channel":"heartbeat"}
                1700000000.400000: {"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":105944.20,"qty":0.00027625,"ord_type":"limit","trade_id":1,"timestamp":"2023-10-06T17:35:55.440295Z"}]}
                1700000000.500000: {"channel":"ohlc","type":"update","data":[{"symbol":"BTC/USD","interval":1,"interval_begin":"2023-10-04T16:25:00.000000000Z","open":1.0,"high":1.0,"low":1.0,"close":1.0,"volume":2.0,"vwap":1.0,"trades":1}]}
                """;
        Recording recording = Recording.parse("kraken-v2", new StringReader(recorded));
        KrakenSpotProtocol protocol = new KrakenSpotProtocol();
        assertThat(protocol.canReplay(recording)).isTrue();
        assertThat(new KrakenFuturesProtocol().canReplay(recording)).isFalse();
        assertThat(protocol.streams(recording)).containsExactly("trade:BTC/USD", "ohlc-1:BTC/USD");
        assertThat(recording.frames()).extracting(f -> protocol.recordedEvent(f.text()).map(StreamEvent::stream).orElse("-"))
                .containsExactly("-", "-", "trade:BTC/USD", "ohlc-1:BTC/USD");

        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/kraken/v2")) {
            ReplayHandle replay = simulator.replay(recording, ReplayOptions.fast());
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"trade\",\"symbol\":[\"BTC/USD\"]},\"req_id\":1}");
            client.send("{\"method\":\"subscribe\",\"params\":{\"channel\":\"ohlc\",\"symbol\":[\"BTC/USD\"],\"interval\":1},\"req_id\":2}");

            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().untilAsserted(() -> assertThat(client.messages()).contains(
                    recording.frames().get(2).text(), recording.frames().get(3).text()));
            assertThat(replay.framesSent()).isEqualTo(2);
        }
    }
}
