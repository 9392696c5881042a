package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replay of the real Binance recording to simulator clients. */
class ReplayTest extends SimulatorTestSupport {

    private static final Recording BINANCE = Recordings.binanceSpot();
    private static final String ALL_STREAMS = String.join("/", BINANCE.binanceStreams());

    @Test
    void should_replay_every_frame_in_order_byte_identical_to_a_combined_client() {
        ReplayHandle replay = simulator.replay(BINANCE, ReplayOptions.fast());

        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream?streams=" + ALL_STREAMS)) {
            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> client.messageCount() >= 265);

            assertThat(client.messages()).containsExactlyElementsOf(BINANCE.frames().stream().map(Recording.Frame::text).toList());
            assertThat(replay.framesSent()).isEqualTo(265);
            assertThat(replay.framesSkipped()).isZero();
        }
    }

    @Test
    void should_unwrap_payloads_for_raw_clients_and_skip_unsubscribed_streams() {
        List<String> expected = BINANCE.frames().stream().map(Recording.Frame::text)
                .filter(t -> t.startsWith("{\"stream\":\"nknusdt@aggTrade\""))
                .map(t -> t.substring("{\"stream\":\"nknusdt@aggTrade\",\"data\":".length(), t.length() - 1))
                .toList();
        assertThat(expected).isNotEmpty();

        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/ws/NKNUSDT@aggTrade")) {
            ReplayHandle replay = simulator.replay(BINANCE, ReplayOptions.fast());

            // only one of 16 streams is subscribed: replay starts after the 500 ms grace period
            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> client.messageCount() >= expected.size());
            assertThat(client.messages()).containsExactlyElementsOf(expected);
            assertThat(replay.framesSent()).isEqualTo(expected.size());
            assertThat(replay.framesSkipped()).isEqualTo(265 - expected.size());
        }
    }

    @Test
    void should_wait_for_streams_subscribed_in_several_messages_spread_over_more_than_the_grace_period() {
        ReplayHandle replay = simulator.replay(BINANCE, ReplayOptions.fast());
        List<String> streams = BINANCE.binanceStreams();
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream")) {
            // four requests 250 ms apart, as a rate-limited client sends them: each comes within the 500 ms grace
            // of the one before, though the last comes 750 ms after the first
            for (int batch = 0; batch < 4; batch++) {
                if (batch > 0) {
                    await().pollDelay(Duration.ofMillis(250)).until(() -> true);
                }
                client.send("{\"method\":\"SUBSCRIBE\",\"params\":[" + quoted(streams.subList(4 * batch, 4 * batch + 4))
                        + "],\"id\":" + batch + "}");
            }

            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(replay.framesSkipped()).isZero();
            await().until(() -> client.messageCount() >= 4 + 265);
            assertThat(client.messages().subList(4, 4 + 265))
                    .containsExactlyElementsOf(BINANCE.frames().stream().map(Recording.Frame::text).toList());
        }
    }

    @Test
    void should_replay_a_recorded_update_speed_to_clients_subscribed_to_another_named_as_they_subscribed() {
        String markPrice = "{\"e\":\"markPriceUpdate\",\"E\":1562305380000,\"s\":\"BTCUSDT\",\"p\":\"11794.15\",\"i\":\"11784.62\",\"r\":\"0.00038167\",\"T\":1562306400000}";
        String depth = "{\"e\":\"depthUpdate\",\"E\":1626992741037,\"T\":1626992741024,\"s\":\"BTCUSDT\",\"U\":1,\"u\":2,\"pu\":0,\"b\":[[\"7.5\",\"1\"]],\"a\":[]}";
        Recording recording = Recording.parse("usdm", new java.io.StringReader(
                "wss://fstream.binance.com/stream?streams=btcusdt@markPrice/btcusdt@depth <-> 1626992740.000000\n"
                        + "1626992741.000000: {\"stream\":\"btcusdt@markPrice\",\"data\":" + markPrice + "}\n"
                        + "1626992741.100000: {\"stream\":\"btcusdt@depth\",\"data\":" + depth + "}\n"));
        assertThat(new BinanceProtocol().replayAliases("btcusdt@markPrice")).containsExactly("btcusdt@markPrice@1s");
        assertThat(new BinanceProtocol().replayAliases("btcusdt@depth@100ms"))
                .containsExactlyInAnyOrder("btcusdt@depth", "btcusdt@depth@250ms", "btcusdt@depth@500ms");
        assertThat(new BinanceProtocol().replayAliases("btcusdt@depth5@100ms")).isEmpty();

        try (TestClient combined = TestClient.connect(simulator.wsUrl() + "/stream?streams=btcusdt@markPrice@1s/btcusdt@depth@100ms");
             TestClient raw = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@markPrice@1s");
             TestClient partialDepth = TestClient.connect(simulator.wsUrl() + "/ws/btcusdt@depth5@100ms")) {
            ReplayHandle replay = simulator.replay(recording, ReplayOptions.fast());

            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            await().until(() -> combined.messageCount() == 2 && raw.messageCount() == 1);
            assertThat(combined.messages()).containsExactly(
                    "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":" + markPrice + "}",
                    "{\"stream\":\"btcusdt@depth@100ms\",\"data\":" + depth + "}");
            assertThat(raw.messages()).containsExactly(markPrice);
            assertThat(partialDepth.messages()).isEmpty();
            assertThat(replay.framesSkipped()).isZero();
        }
    }

    @Test
    void should_keep_the_recorded_gaps_scaled_by_speed() {
        // the recording spans 30 s; at 60x it takes about half a second
        ReplayHandle replay = simulator.replay(BINANCE, ReplayOptions.recorded().withSpeed(60));
        long start = System.nanoTime();
        try (TestClient client = TestClient.connect(simulator.wsUrl() + "/stream?streams=" + ALL_STREAMS)) {
            assertThat(replay.awaitDone(Duration.ofSeconds(10))).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            await().until(() -> client.messageCount() == 265);
        }
    }

    @Test
    void should_resume_the_flow_on_a_reconnected_client() {
        ReplayHandle replay = simulator.replay(BINANCE, ReplayOptions.recorded().withSpeed(10).looping());
        try (TestClient first = TestClient.connect(simulator.wsUrl() + "/stream?streams=" + ALL_STREAMS)) {
            await().until(() -> first.messageCount() >= 5);
        }
        simulator.dropConnections();
        await().until(() -> simulator.connectionCount() == 0);

        try (TestClient second = TestClient.connect(simulator.wsUrl() + "/ws")) {
            second.send("{\"method\":\"SUBSCRIBE\",\"params\":[" + quoted(BINANCE.binanceStreams()) + "],\"id\":1}");

            await().atMost(Duration.ofSeconds(10)).until(() -> second.messageCount() >= 10);
            assertThat(second.messages().get(0)).isEqualTo("{\"result\":null,\"id\":1}");
            assertThat(second.messages().get(1)).doesNotStartWith("{\"stream\"");
            assertThat(replay.isDone()).isFalse();
        }
        replay.stop();
        assertThat(replay.isDone()).isTrue();
    }

    private static String quoted(List<String> names) {
        return String.join(",", names.stream().map(n -> "\"" + n + "\"").toList());
    }
}
