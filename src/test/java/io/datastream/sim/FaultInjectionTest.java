package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Heartbeats and the faults tests use to exercise reconnects. */
class FaultInjectionTest {

    private ExchangeSimulator simulator;

    @AfterEach
    void stopSimulator() {
        simulator.close();
    }

    @Test
    void should_drop_connections_without_a_close_frame() {
        simulator = ExchangeSimulator.start(0);
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade")) {
            simulator.dropConnections();

            await().until(() -> client.error != null);
            assertThat(client.closeCode).as("no close frame, so no onClose").isNull();
            await().until(() -> simulator.connectionCount() == 0);
        }
    }

    @Test
    void should_close_connections_with_a_close_frame() {
        simulator = ExchangeSimulator.start(0);
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade")) {
            simulator.closeConnections(1001, "going away");

            await().until(() -> client.closeCode != null);
            assertThat(client.closeCode).isEqualTo(1001);
            assertThat(client.closeReason).isEqualTo("going away");
        }
    }

    @Test
    void should_close_each_connection_with_1000_when_it_reaches_the_max_age() {
        simulator = ExchangeSimulator.start(SimulatorOptions.builder().maxConnectionAge(Duration.ofSeconds(1)).build());
        try (TestClient first = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade")) {
            await().until(() -> first.closeCode != null);
            assertThat(first.closeCode).isEqualTo(1000);
            // the age is the connection's own: one opened after the first closed gets its full lifetime
            try (TestClient second = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade")) {
                assertThat(second.closeCode).isNull();
                await().until(() -> second.closeCode != null);
                assertThat(second.closeCode).isEqualTo(1000);
            }
        }
        assertThat(simulator.connectionsClosedAtMaxAge()).isEqualTo(2);
    }

    @Test
    void should_refuse_upgrades_with_503_then_accept_again() {
        simulator = ExchangeSimulator.start(0);
        simulator.refuseConnections(Duration.ofMillis(500));

        assertThatThrownBy(() -> TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@trade"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(503));
        assertThat(simulator.refusedConnections()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> TestClient.connectAsync(simulator.wsUrl() + "/ws/btcusdt@trade", true).join() != null);
        assertThat(simulator.connectionCount()).isEqualTo(1);
    }

    @Test
    void should_ping_clients_and_record_their_pongs() {
        simulator = ExchangeSimulator.start(SimulatorOptions.builder().pingInterval(Duration.ofMillis(50)).build());
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream")) {
            await().until(() -> client.pings.get() >= 3);
            await().until(() -> simulator.connections().get(0).pongsReceived() >= 3);
            assertThat(simulator.connections().get(0).pingsSent()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void should_answer_client_pings_by_default() {
        simulator = ExchangeSimulator.start(0);
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws")) {
            client.sendPing();

            await().until(() -> client.pongs.get() == 1);
            assertThat(simulator.connections().get(0).pingsReceived()).isEqualTo(1);
        }
    }

    @Test
    void should_ignore_client_pings_when_configured() {
        simulator = ExchangeSimulator.start(SimulatorOptions.builder().answerPings(false).build());
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws")) {
            client.sendPing();

            await().until(() -> simulator.connections().get(0).pingsReceived() == 1);
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> client.pongs.get() == 0);
        }
    }

    @Test
    void should_send_nothing_and_ignore_clients_while_stalled() {
        simulator = ExchangeSimulator.start(SimulatorOptions.builder().pingInterval(Duration.ofMillis(50)).build());
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws")) {
            await().until(() -> client.pings.get() >= 1);
            simulator.stall(true);
            int pingsBefore = client.pings.get();
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}");
            client.sendPing();

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                    .until(() -> client.pings.get() <= pingsBefore + 1 && client.messages().isEmpty() && client.pongs.get() == 0);
            assertThat(simulator.connections().get(0).receivedMessages()).isEmpty();

            simulator.stall(false);
            client.send("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":2}");
            await().until(() -> client.messages().contains("{\"result\":[],\"id\":2}"));
            await().until(() -> client.pings.get() > pingsBefore + 1);
        }
    }

    @Test
    void should_send_raw_frames_to_every_client() {
        simulator = ExchangeSimulator.start(0);
        String oversized = "{\"junk\":\"" + "x".repeat(300_000) + "\"}";
        try (TestClient first = TestClient.connect(simulator.wsUrl() + "/ws");
             TestClient second = TestClient.connect(simulator.wsUrl() + "/market/stream")) {
            simulator.sendRaw("{not json");
            simulator.sendRaw(oversized);

            await().until(() -> first.messageCount() == 2 && second.messageCount() == 2);
            assertThat(first.messages()).containsExactly("{not json", oversized);
            assertThat(second.messages()).containsExactly("{not json", oversized);
        }
    }
}
