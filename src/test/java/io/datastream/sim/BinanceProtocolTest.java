package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Binance endpoints and JSON control messages as served by the simulator. */
class BinanceProtocolTest extends SimulatorTestSupport {

    @Test
    void should_ack_subscribe_and_list_subscriptions_in_lower_case() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws")) {
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"BTCUSDT@aggTrade\",\"ethusdt@trade\"],\"id\":1}");
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":3}");

            await().untilAsserted(() -> assertThat(client.messages()).containsExactly(
                    "{\"result\":null,\"id\":1}",
                    "{\"result\":[\"btcusdt@aggtrade\",\"ethusdt@trade\"],\"id\":3}"));
            assertThat(simulator.subscribedStreams()).containsExactlyInAnyOrder("btcusdt@aggtrade", "ethusdt@trade");
        }
    }

    @Test
    void should_unsubscribe_and_echo_string_ids_exactly() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream?streams=btcusdt@trade/ethusdt@trade")) {
            client.send("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ETHUSDT@trade\"],\"id\":\"req-7a\"}");
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":9007199254740993}");

            await().untilAsserted(() -> assertThat(client.messages()).containsExactly(
                    "{\"result\":null,\"id\":\"req-7a\"}",
                    "{\"result\":[\"btcusdt@trade\"],\"id\":9007199254740993}"));
        }
    }

    @Test
    void should_answer_errors_like_binance() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws")) {
            client.send("{\"method\":");
            client.send("{\"method\":\"SUBSCRIBEX\",\"params\":[],\"id\":2}");
            client.send("{\"params\":[],\"id\":3}");
            client.send("{\"method\":\"SUBSCRIBE\",\"params\":[],\"id\":{\"x\":1}}");

            await().until(() -> client.messageCount() == 4);
            assertThat(client.messages().get(0)).startsWith("{\"code\":3,\"msg\":\"Invalid JSON: expected value at line 1 column ");
            assertThat(client.messages().get(1)).isEqualTo("{\"code\":2,\"msg\":\"Invalid request: unknown variant `SUBSCRIBEX`, "
                    + "expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22\"}");
            assertThat(client.messages().get(2)).startsWith("{\"code\":2,\"msg\":\"Invalid request: missing field `method`");
            assertThat(client.messages().get(3)).isEqualTo("{\"code\":2,\"msg\":\"Invalid request: request ID must be an unsigned integer\"}");
        }
    }

    @Test
    void should_set_and_get_the_combined_property() {
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade")) {
            client.send("{\"method\":\"SET_PROPERTY\",\"params\":[\"combined\",true],\"id\":5}");
            client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"combined\"],\"id\":2}");
            client.send("{\"method\":\"GET_PROPERTY\",\"params\":[\"colour\"],\"id\":4}");

            await().untilAsserted(() -> assertThat(client.messages()).containsExactly(
                    "{\"result\":null,\"id\":5}",
                    "{\"result\":true,\"id\":2}",
                    "{\"code\":0,\"msg\":\"Unknown property\",\"id\":4}"));
            assertThat(simulator.connections().get(0).combined()).isTrue();
        }
    }

    @Test
    void should_record_path_prefix_streams_and_client_messages_per_connection() {
        try (TestClient market = TestClient.connect(simulator.wsUrl() + "/market/stream?streams=btcusdt@aggTrade/btcusdt@markPrice");
             TestClient pub = TestClient.connect(simulator.wsUrl() + "/public/ws/btcusdt@depth@100ms/ethusdt@depth");
             TestClient root = TestClient.connect(simulator.wsUrl() + "/stream")) {
            root.send("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@kline_1m@+08:00\"],\"id\":1}");
            await().until(() -> root.messageCount() == 1);

            assertThat(simulator.connectionCount()).isEqualTo(3);
            assertThat(simulator.totalConnectionsAccepted()).isEqualTo(3);
            assertThat(simulator.connections()).extracting(ConnectionInfo::pathPrefix).containsExactly("/market", "/public", "");
            assertThat(simulator.connections()).extracting(ConnectionInfo::combined).containsExactly(true, false, true);
            assertThat(simulator.connections().get(0).subscribedStreams()).containsExactly("btcusdt@aggtrade", "btcusdt@markprice");
            assertThat(simulator.connections().get(1).subscribedStreams()).containsExactly("btcusdt@depth@100ms", "ethusdt@depth");
            assertThat(simulator.connections().get(2).receivedMessages())
                    .containsExactly("{\"method\":\"SUBSCRIBE\",\"params\":[\"btcusdt@kline_1m@+08:00\"],\"id\":1}");
            assertThat(simulator.connections().get(2).subscribedStreams()).containsExactly("btcusdt@kline_1m@+08:00");
        }
        await().until(() -> simulator.connectionCount() == 0);
        assertThat(simulator.subscribedStreams()).isEmpty();
    }

    @Test
    void should_reject_unknown_paths_with_404() {
        assertThatThrownBy(() -> TestClient.connect(simulator.wsUrl() + "/private/ws/abc"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(404));
    }

    @Test
    void should_send_server_shutdown_wrapped_only_on_combined_connections() {
        try (TestClient raw = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade");
             TestClient combined = TestClient.connect(simulator.wsUrl() + "/stream?streams=btcusdt@trade")) {
            simulator.sendServerShutdown();

            await().atMost(Duration.ofSeconds(5)).until(() -> raw.messageCount() == 1 && combined.messageCount() == 1);
            assertThat(raw.messages().get(0)).matches("\\{\"e\":\"serverShutdown\",\"E\":\\d{13}}");
            assertThat(combined.messages().get(0)).matches("\\{\"stream\":\"!serverShutdown\",\"data\":\\{\"e\":\"serverShutdown\",\"E\":\\d{13}}}");
        }
    }
}
