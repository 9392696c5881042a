package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.sim.Recording;
import io.datastream.sim.ReplayHandle;
import io.datastream.sim.ReplayOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * Record → replay round trips for Binance USD-M (both URL paths), Binance COIN-M, Kraken spot v2 and Kraken futures:
 * a live session (the routes as configured in routes/*.yaml, fed by the simulator) is recorded with
 * {@code datastream.record.dir}; a second start replays the recorded files with {@code datastream.replay.files}, and
 * every channel gets exactly the messages it got live, in the same order, with the same seq.
 */
class VenueRecordReplayEndToEndTest extends DataStreamTestSupport {

    private static final int ROUNDS = 10;

    private Path recordDir;
    /** The recorded files once the live session is over; null while recording. */
    private List<Path> replayFiles;

    @Override
    protected List<String> feeds() {
        if (testName.contains("usdm")) {
            return List.of("binance-usdm-public", "binance-usdm-market");
        } else if (testName.contains("coinm")) {
            return List.of("binance-coinm");
        } else if (testName.contains("kraken_spot")) {
            return List.of("kraken-spot");
        }
        return List.of("kraken-futures");
    }

    @Override
    protected void configure(Properties properties) {
        if (replayFiles == null) {
            try {
                recordDir = Files.createTempDirectory("datastream-record");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            properties.put("datastream.record.dir", recordDir.toString());
        } else {
            properties.put("datastream.replay.files", replayFiles.stream().map(Path::toString).collect(Collectors.joining(",")));
            properties.put("datastream.replay.pace", "fast");
        }
    }

    @Test
    void should_replay_a_recorded_binance_usdm_session_on_both_paths(TestInfo info) throws Exception {
        Map<String, List<String>> live = recordLive("wss://fstream.binance.com/stream", List.of(
                "btcusdt@bookticker", "btcusdt@depth@100ms", "btcusdt@aggtrade", "btcusdt@markprice@1s", "btcusdt@kline_1m"),
                i -> List.of(
                        "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + (600859600000L + i) + ",\"s\":\"BTCUSDT\",\"b\":\"7.6110\",\"B\":\"" + i + "\",\"a\":\"7.6120\",\"A\":\"297\",\"T\":" + (1626992741012L + i) + ",\"E\":" + (1626992741017L + i) + "}}",
                        "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (1626992741037L + i) + ",\"T\":1626992741024,\"s\":\"BTCUSDT\",\"U\":" + (600859599090L + 10 * i) + ",\"u\":" + (600859599099L + 10 * i) + ",\"pu\":" + (600859599089L + 10 * i) + ",\"b\":[[\"7.5040\",\"" + i + "\"],[\"7.6090\",\"0\"]],\"a\":[[\"7.6150\",\"1563\"]]}}",
                        "{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626992741575,\"a\":" + (16599292 + i) + ",\"s\":\"BTCUSDT\",\"p\":\"1.01100\",\"q\":\"" + i + "\",\"f\":23961322,\"l\":23961322,\"T\":" + (1626992741421L + i) + ",\"m\":" + (i % 2 == 0) + "}}",
                        "{\"stream\":\"btcusdt@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + (1562305380000L + 1000L * i) + ",\"s\":\"BTCUSDT\",\"p\":\"11794.15000000\",\"i\":\"11784.62659091\",\"P\":\"11784.25641265\",\"r\":\"0.00038167\",\"T\":1562306400000}}",
                        "{\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"E\":" + (1626992741424L + i) + ",\"s\":\"BTCUSDT\",\"k\":{\"t\":1626992700000,\"T\":1626992759999,\"s\":\"BTCUSDT\",\"i\":\"1m\",\"f\":23961275,\"L\":23961322,\"o\":\"1.01000\",\"c\":\"1.01100\",\"h\":\"1.01100\",\"l\":\"1.01000\",\"v\":\"" + (3900 + i) + "\",\"n\":48,\"x\":false,\"q\":\"3957.89900\",\"V\":\"1729\",\"Q\":\"1748.01900\",\"B\":\"0\"}}}"),
                Map.of("binance:perpetual:btcusdt:bookTicker", ROUNDS, "binance:perpetual:btcusdt:depth", ROUNDS,
                        "binance:perpetual:btcusdt:aggTrade", ROUNDS, "binance:perpetual:btcusdt:markPrice", ROUNDS,
                        "binance:perpetual:btcusdt:kline_1m", ROUNDS));

        stopRecording();
        Recording publicPath = recorded("binance-usdm-public.", "/public/stream#binance/usdm");
        assertThat(publicPath.sentMessages()).first().asString().contains("\"SUBSCRIBE\"", "btcusdt@bookTicker", "btcusdt@depth@100ms")
                .doesNotContain("aggTrade");
        Recording marketPath = recorded("binance-usdm-market.", "/market/stream#binance/usdm");
        assertThat(marketPath.sentMessages()).first().asString().contains("\"SUBSCRIBE\"", "btcusdt@aggTrade", "btcusdt@markPrice@1s")
                .doesNotContain("depth");

        assertReplayedExactly(info, live);
    }

    @Test
    void should_replay_a_recorded_binance_coinm_session(TestInfo info) throws Exception {
        Map<String, List<String>> live = recordLive("wss://dstream.binance.com/stream", List.of(
                "btcusd_perp@aggtrade", "btcusd_perp@bookticker", "btcusd_perp@depth@100ms", "btcusd_perp@markprice@1s"),
                i -> List.of(
                        "{\"stream\":\"btcusd_perp@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1626916404006,\"a\":" + (100 + i) + ",\"s\":\"BTCUSD_PERP\",\"p\":\"42791." + i + "\",\"q\":\"3\",\"f\":1,\"l\":1,\"T\":" + (1626916403852L + i) + ",\"m\":true}}",
                        "{\"stream\":\"btcusd_perp@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + (90000 + i) + ",\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"b\":\"42790.1\",\"B\":\"" + i + "\",\"a\":\"42790.2\",\"A\":\"55\",\"T\":" + (1626916403900L + i) + ",\"E\":" + (1626916403905L + i) + "}}",
                        "{\"stream\":\"btcusd_perp@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (1626916404000L + i) + ",\"T\":1626916403990,\"s\":\"BTCUSD_PERP\",\"ps\":\"BTCUSD\",\"U\":" + (5000 + 10 * i) + ",\"u\":" + (5009 + 10 * i) + ",\"pu\":" + (4999 + 10 * i) + ",\"b\":[[\"42790.1\",\"" + i + "\"]],\"a\":[[\"42790.2\",\"0\"]]}}",
                        "{\"stream\":\"btcusd_perp@markPrice@1s\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + (1626916404000L + 1000L * i) + ",\"s\":\"BTCUSD_PERP\",\"p\":\"42791.5\",\"P\":\"42795.1\",\"i\":\"42790.9\",\"r\":\"0.00010000\",\"T\":1626940800000}}"),
                Map.of("binance:perpetual:btcusd_perp:aggTrade", ROUNDS, "binance:perpetual:btcusd_perp:bookTicker", ROUNDS,
                        "binance:perpetual:btcusd_perp:depth", ROUNDS, "binance:perpetual:btcusd_perp:markPrice", ROUNDS));

        stopRecording();
        Recording coinm = recorded("binance-coinm.", "/stream#binance/coinm");
        assertThat(coinm.sentMessages()).first().asString().contains("\"SUBSCRIBE\"", "btcusd_perp@aggTrade", "ethusd_perp@depth@100ms");

        assertReplayedExactly(info, live);
    }

    @Test
    void should_replay_a_recorded_kraken_spot_session(TestInfo info) throws Exception {
        Map<String, List<String>> live = recordLive("wss://ws.kraken.com/v2", List.of(
                "trade:btc/usd", "ticker:btc/usd", "book:btc/usd", "ohlc-1:btc/usd"),
                i -> List.of(
                        "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"" + (i % 2 == 0 ? "buy" : "sell") + "\",\"price\":105944.20,\"qty\":0.0002762" + i + ",\"ord_type\":\"limit\",\"trade_id\":" + (10218200 + i) + ",\"timestamp\":\"2023-10-06T17:35:55.44029" + i + "Z\"}]}",
                        "{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bid\":105944.20,\"bid_qty\":2.5,\"ask\":105944.30,\"ask_qty\":3." + i + ",\"last\":105899.40,\"volume\":163.28908096,\"vwap\":105904.39279,\"low\":104711.00,\"high\":106613.10,\"change\":250.00,\"change_pct\":0.24,\"timestamp\":\"2022-12-25T09:30:59.12345" + i + "Z\"}]}",
                        "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":45283.5,\"qty\":0.1000000" + i + "}],\"asks\":[],\"checksum\":" + (3310070434L + i) + ",\"timestamp\":\"2023-10-06T17:35:56.00000" + i + "Z\"}]}",
                        "{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"interval\":1,\"interval_begin\":\"2023-10-04T16:25:00.000000000Z\",\"open\":106038.2,\"high\":106044.3,\"low\":106038.1,\"close\":106040.1,\"volume\":30927.6806622" + i + ",\"vwap\":106039.6,\"trades\":" + (12 + i) + "}]}"),
                Map.of("kraken:spot:btc-usd:trade", ROUNDS, "kraken:spot:btc-usd:ticker", ROUNDS,
                        "kraken:spot:btc-usd:bookTicker", ROUNDS, "kraken:spot:btc-usd:depth", ROUNDS,
                        "kraken:spot:btc-usd:kline_1m", ROUNDS));

        stopRecording();
        Recording spot = recorded("kraken-spot.", "/kraken/v2#kraken/spot");
        assertThat(spot.sentMessages()).anySatisfy(sent -> assertThat(sent).contains("\"method\":\"subscribe\"", "\"channel\":\"ohlc\"", "\"interval\":1"));
        assertThat(spot.sentMessages()).anySatisfy(sent -> assertThat(sent).contains("\"method\":\"subscribe\"", "\"channel\":\"book\"", "BTC/USD", "ETH/USD"));

        assertReplayedExactly(info, live);
    }

    @Test
    void should_replay_a_recorded_kraken_futures_session(TestInfo info) throws Exception {
        List<String> snapshot = List.of("{\"feed\":\"book_snapshot\",\"product_id\":\"PF_XBTUSD\",\"timestamp\":1626994925378,\"seq\":91192,\"tickSize\":null,\"bids\":[{\"price\":439.3,\"qty\":20108.0},{\"price\":438.9,\"qty\":23706.0}],\"asks\":[{\"price\":439.6,\"qty\":50.0}]}");
        Map<String, List<String>> live = recordLive("wss://futures.kraken.com/ws/v1", List.of(
                "trade:pf_xbtusd", "ticker:pf_xbtusd", "book:pf_xbtusd"),
                i -> Stream.concat(i == 1 ? snapshot.stream() : Stream.empty(), Stream.of(
                        "{\"feed\":\"book\",\"product_id\":\"PF_XBTUSD\",\"side\":\"" + (i % 2 == 0 ? "buy" : "sell") + "\",\"seq\":" + (91192 + i) + ",\"price\":439." + i + ",\"qty\":" + (i * 100) + ".0,\"timestamp\":" + (1626994927744L + i) + "}",
                        "{\"feed\":\"trade\",\"product_id\":\"PF_XBTUSD\",\"uid\":\"u-" + i + "\",\"side\":\"sell\",\"type\":\"fill\",\"seq\":" + (5956 + i) + ",\"time\":" + (1626994929946L + i) + ",\"qty\":320.0,\"price\":119.4" + i + "}",
                        "{\"time\":" + (1676393235406L + i) + ",\"product_id\":\"PF_XBTUSD\",\"funding_rate\":-6.2604214e-11,\"next_funding_rate_time\":1676394000000,\"feed\":\"ticker\",\"bid\":21978.5,\"ask\":21987.0,\"bid_size\":" + i + ".0,\"ask_size\":13948.0,\"volume\":31403908.0,\"index\":21984.54,\"last\":21983.5,\"open\":21968.5,\"high\":22123.0,\"low\":21456.0,\"markPrice\":21979.68641534714}")).toList(),
                Map.of("kraken:perpetual:pf_xbtusd:trade", ROUNDS, "kraken:perpetual:pf_xbtusd:ticker", ROUNDS,
                        "kraken:perpetual:pf_xbtusd:bookTicker", ROUNDS, "kraken:perpetual:pf_xbtusd:markPrice", ROUNDS,
                        "kraken:perpetual:pf_xbtusd:depth", ROUNDS + 1));

        stopRecording();
        Recording futures = recorded("kraken-futures.", "/kraken-futures/ws/v1#kraken/futures");
        assertThat(futures.sentMessages()).anySatisfy(sent -> assertThat(sent).contains("\"event\":\"subscribe\"", "\"feed\":\"book\"", "PF_XBTUSD", "PF_ETHUSD"));
        assertThat(futures.frames()).anySatisfy(f -> assertThat(f.text()).isEqualTo("{\"event\":\"info\",\"version\":1}"));

        assertReplayedExactly(info, live);
    }

    /**
     * Feeds the live routes ROUNDS rounds of frames once they subscribed the streams, and returns what landed on each
     * channel, after checking the counts.
     */
    private Map<String, List<String>> recordLive(String url, List<String> streams, IntFunction<List<String>> round,
                                                 Map<String, Integer> expected) {
        await().atMost(20, SECONDS).until(() -> simulator.subscribedStreams().containsAll(streams));
        List<String> frames = new ArrayList<>();
        for (int i = 1; i <= ROUNDS; i++) {
            frames.addAll(round.apply(i));
        }
        ReplayHandle source = simulator.replay(recording(url, frames), ReplayOptions.fast());
        assertThat(source.awaitDone(Duration.ofSeconds(20))).isTrue();
        assertThat(source.framesSkipped()).as("frames nobody subscribed").isZero();
        return published(expected);
    }

    /** Stops the live service: its recordings are complete. */
    private void stopRecording() throws IOException {
        stopService();
        try (Stream<Path> files = Files.list(recordDir)) {
            replayFiles = files.sorted().toList();
        }
        assertThat(replayFiles).as("one recording per route").hasSize(feeds().size());
    }

    /** Starts the service again replaying what it recorded: the same messages must land. */
    private void assertReplayedExactly(TestInfo info, Map<String, List<String>> live) throws Exception {
        startService(info);

        Map<String, Integer> counts = new LinkedHashMap<>();
        live.forEach((channel, messages) -> counts.put(channel, messages.size()));
        assertThat(published(counts)).isEqualTo(live);
        // replay mode read the recordings at start
        for (Path file : replayFiles) {
            Files.deleteIfExists(file);
        }
        Files.deleteIfExists(recordDir);
    }

    /** The recorded file of the route whose name starts with the prefix, with its header URL checked. */
    private Recording recorded(String routePrefix, String urlEnd) throws IOException {
        try (Stream<Path> files = Files.list(recordDir)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(routePrefix)).findFirst().orElseThrow();
            Recording recording = Recording.parse(file);
            assertThat(recording.url()).startsWith("ws://127.0.0.1:").endsWith(urlEnd);
            assertThat(recording.sentMessages()).isNotEmpty();
            return recording;
        }
    }

    /**
     * Waits for the expected number of messages on each channel (and gives the stragglers a moment), then returns the
     * messages per channel in arrival order, without what differs per run: recvTs, pubTs and a ts that is only the
     * receive time (a frame without an exchange time).
     */
    private Map<String, List<String>> published(Map<String, Integer> expected) {
        await().atMost(30, SECONDS).untilAsserted(() -> assertThat(counts(expected.keySet())).isEqualTo(expected));
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        assertThat(counts(expected.keySet())).as("no more than expected").isEqualTo(expected);
        assertThat(subscriber.matching(r -> !r.channel().endsWith(":status")))
                .allSatisfy(r -> assertThat(expected).containsKey(r.channel()));
        Map<String, List<String>> byChannel = new LinkedHashMap<>();
        for (RedisSubscriber.Received received : subscriber.matching(r -> expected.containsKey(r.channel()))) {
            ObjectNode node = (ObjectNode) received.node();
            if (node.get("ts").asLong() == node.get("recvTs").asLong()) {
                node.remove("ts");
            }
            node.remove(List.of("recvTs", "pubTs"));
            byChannel.computeIfAbsent(received.channel(), c -> new ArrayList<>()).add(node.toString());
        }
        byChannel.forEach((channel, messages) -> {
            for (int i = 0; i < messages.size(); i++) {
                assertThat(messages.get(i)).as("seq of message %d on %s", i, channel).contains("\"seq\":" + (i + 1) + ",");
            }
        });
        return byChannel;
    }

    private Map<String, Integer> counts(java.util.Set<String> channels) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        channels.forEach(c -> counts.put(c, subscriber.count(r -> r.channel().equals(c))));
        return counts;
    }

    /** A recording of the frames, 1 ms apart, in cryptofeed's format. */
    static Recording recording(String url, List<String> frames) {
        StringBuilder text = new StringBuilder(url).append(" <-> 1700000000.000000\n");
        for (int i = 0; i < frames.size(); i++) {
            text.append(String.format("%d.%06d: ", 1_700_000_000L + i / 1000, (i % 1000) * 1000L)).append(frames.get(i)).append('\n');
        }
        return Recording.parse(url, new StringReader(text.toString()));
    }
}
