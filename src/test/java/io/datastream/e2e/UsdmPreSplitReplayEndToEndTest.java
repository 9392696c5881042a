package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import org.junit.jupiter.api.Test;

/**
 * A Binance USD-M recording from before the 2026 URL split — every stream on the root path, book data and trades on one
 * connection — replays through today's two routes: book data through {@code /public}, trades through {@code /market},
 * each frame on its channel with its exact values. The streams are named either in the header URL
 * ({@code /stream?streams=…}) or in a sent SUBSCRIBE line.
 */
class UsdmPreSplitReplayEndToEndTest extends DataStreamTestSupport {

    private static final int ROUNDS = 20;
    /**
     * As cryptofeed's BINANCE_FUTURES recordings name them; {@code @markPrice} (3 s, cryptofeed's funding stream) and
     * {@code @depth} (250 ms) are other update speeds of the streams the routes subscribe ({@code @markPrice@1s},
     * {@code @depth@100ms}).
     */
    private static final List<String> STREAMS = List.of(
            "btcusdt@depth@100ms", "btcusdt@bookTicker", "ethusdt@depth", "btcusdt@aggTrade", "ethusdt@aggTrade",
            "btcusdt@markPrice");

    private List<String> frames;

    @Override
    protected List<String> feeds() {
        return List.of("binance-usdm-public", "binance-usdm-market");
    }

    @Override
    protected void configure(Properties properties) {
        frames = frames();
        StringBuilder text = new StringBuilder();
        if (testName.contains("header")) {
            text.append("wss://fstream.binance.com/stream?streams=").append(String.join("/", STREAMS)).append(" <-> 1626992740.179554\n");
        } else {
            text.append("wss://fstream.binance.com/stream <-> 1626992740.179554\n")
                    .append("wss://fstream.binance.com/stream <- 1626992740.210000: {\"method\":\"SUBSCRIBE\",\"params\":[")
                    .append(STREAMS.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(","))).append("],\"id\":1}\n")
                    .append("1626992740.380000: {\"result\":null,\"id\":1}\n");
        }
        for (int i = 0; i < frames.size(); i++) {
            text.append(String.format("1626992741.%06d: ", i * 1000L)).append(frames.get(i)).append('\n');
        }
        try {
            Path file = Files.createTempFile("BINANCE_FUTURES.pre-split.", ".ws");
            file.toFile().deleteOnExit();
            Files.writeString(file, text);
            properties.put("datastream.replay.files", file.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        properties.put("datastream.replay.pace", "fast");
    }

    @Test
    void should_replay_a_pre_split_recording_with_streams_in_the_header_url_over_public_and_market() {
        assertEveryFrameOnItsChannelThroughItsPath();
    }

    @Test
    void should_replay_a_pre_split_recording_with_streams_in_a_sent_subscribe_line_over_public_and_market() {
        assertEveryFrameOnItsChannelThroughItsPath();
    }

    private void assertEveryFrameOnItsChannelThroughItsPath() {
        // each route subscribed the recording's streams served on its path, and only those
        assertThat(feed("binance-usdm-public").channels()).containsExactlyInAnyOrder(
                channel("btcusdt", "depth"), channel("btcusdt", "bookTicker"), channel("ethusdt", "depth"));
        assertThat(feed("binance-usdm-market").channels()).containsExactlyInAnyOrder(
                channel("btcusdt", "aggTrade"), channel("ethusdt", "aggTrade"), channel("btcusdt", "markPrice"));

        await().atMost(30, SECONDS).until(() -> data().size() >= frames.size());
        await().pollDelay(Duration.ofMillis(300)).until(() -> true);
        List<RedisSubscriber.Received> data = data();
        assertThat(data).hasSize(frames.size());
        Map<String, Long> perChannel = data.stream().collect(Collectors.groupingBy(RedisSubscriber.Received::channel, Collectors.counting()));
        assertThat(perChannel).containsExactlyInAnyOrderEntriesOf(Map.of(
                "binance:perpetual:btcusdt:depth", (long) ROUNDS, "binance:perpetual:btcusdt:bookTicker", (long) ROUNDS,
                "binance:perpetual:ethusdt:depth", (long) ROUNDS, "binance:perpetual:btcusdt:aggTrade", (long) ROUNDS,
                "binance:perpetual:ethusdt:aggTrade", (long) ROUNDS, "binance:perpetual:btcusdt:markPrice", (long) ROUNDS));

        // per channel, the recorded frames in recorded order, numbered from 1, exact
        for (String stream : STREAMS) {
            String symbol = stream.substring(0, stream.indexOf('@'));
            String type = stream.contains("depth") ? "depth" : stream.split("@")[1];
            List<JsonNode> recorded = frames.stream().map(EventJson::read)
                    .filter(f -> f.get("stream").asText().equals(stream)).map(f -> f.get("data")).toList();
            List<JsonNode> published = data.stream().filter(r -> r.channel().equals("binance:perpetual:" + symbol + ":" + type))
                    .map(RedisSubscriber.Received::node).toList();
            assertThat(published).hasSameSizeAs(recorded);
            for (int i = 0; i < recorded.size(); i++) {
                assertExact(recorded.get(i), published.get(i), i + 1);
            }
        }
        assertThat(subscriber.ofType("status")).extracting(r -> r.node().get("state").asText()).contains("live");
    }

    private static void assertExact(JsonNode raw, JsonNode out, long seq) {
        assertThat(out.get("seq").asLong()).isEqualTo(seq);
        assertThat(out.get("exchange").asText()).isEqualTo("binance");
        assertThat(out.get("market").asText()).isEqualTo("perpetual");
        assertThat(out.get("symbol").asText()).isEqualTo(raw.get("s").asText());
        // exchange times in microseconds: the event time, for trades the trade time
        assertThat(out.get("ts").asLong()).isEqualTo(raw.get(raw.has("T") && raw.get("e").asText().equals("aggTrade") ? "T" : "E").asLong() * 1000);
        switch (raw.get("e").asText()) {
            case "depthUpdate" -> {
                assertThat(out.get("firstUpdateId").asLong()).isEqualTo(raw.get("U").asLong());
                assertThat(out.get("lastUpdateId").asLong()).isEqualTo(raw.get("u").asLong());
                assertThat(out.get("bids").toString()).isEqualTo(raw.get("b").toString());
                assertThat(out.get("asks").toString()).isEqualTo(raw.get("a").toString());
            }
            case "bookTicker" -> {
                assertThat(out.get("bidPrice").asText()).isEqualTo(raw.get("b").asText());
                assertThat(out.get("bidQty").asText()).isEqualTo(raw.get("B").asText());
                assertThat(out.get("askPrice").asText()).isEqualTo(raw.get("a").asText());
                assertThat(out.get("askQty").asText()).isEqualTo(raw.get("A").asText());
                assertThat(out.get("updateId").asLong()).isEqualTo(raw.get("u").asLong());
            }
            case "aggTrade" -> {
                assertThat(out.get("tradeId").asText()).isEqualTo(raw.get("a").asText());
                assertThat(out.get("price").asText()).isEqualTo(raw.get("p").asText());
                assertThat(out.get("qty").asText()).isEqualTo(raw.get("q").asText());
                assertThat(out.get("side").asText()).isEqualTo(raw.get("m").asBoolean() ? "sell" : "buy");
            }
            case "markPriceUpdate" -> {
                assertThat(out.get("markPrice").asText()).isEqualTo(raw.get("p").asText());
                assertThat(out.get("indexPrice").asText()).isEqualTo(raw.get("i").asText());
                assertThat(out.get("fundingRate").asText()).isEqualTo(raw.get("r").asText());
                assertThat(out.get("nextFundingTime").asLong()).isEqualTo(raw.get("T").asLong() * 1000);
            }
            default -> throw new AssertionError("unexpected frame " + raw);
        }
    }

    /** Rounds of every stream's frame, shaped like Binance's 2021 USD-M frames. */
    private static List<String> frames() {
        List<String> frames = new ArrayList<>();
        for (int i = 1; i <= ROUNDS; i++) {
            long e = 1626992741000L + 100L * i;
            frames.add("{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + e + ",\"T\":" + (e - 13)
                    + ",\"s\":\"BTCUSDT\",\"U\":" + (600859599090L + 100 * i) + ",\"u\":" + (600859599180L + 100 * i)
                    + ",\"pu\":" + (600859599080L + 100 * i) + ",\"b\":[[\"31750.10\",\"" + i + ".000\"],[\"31749.90\",\"0.000\"]],"
                    + "\"a\":[[\"31750.20\",\"1.563\"]]}}");
            frames.add("{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"e\":\"bookTicker\",\"u\":" + (600859599185L + 100 * i)
                    + ",\"s\":\"BTCUSDT\",\"b\":\"31750.10\",\"B\":\"" + i + ".000\",\"a\":\"31750.20\",\"A\":\"1.563\",\"T\":" + (e + 2)
                    + ",\"E\":" + (e + 5) + "}}");
            frames.add("{\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + (e + 7) + ",\"a\":" + (16599292 + i)
                    + ",\"s\":\"BTCUSDT\",\"p\":\"31750.20\",\"q\":\"0.0" + i + "0\",\"f\":" + (23961322 + 2 * i) + ",\"l\":"
                    + (23961323 + 2 * i) + ",\"T\":" + (e + 6) + ",\"m\":" + (i % 3 == 0) + "}}");
            frames.add("{\"stream\":\"ethusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"E\":" + (e + 1) + ",\"T\":" + (e - 20)
                    + ",\"s\":\"ETHUSDT\",\"U\":" + (700000000L + 50 * i) + ",\"u\":" + (700000049L + 50 * i)
                    + ",\"pu\":" + (699999999L + 50 * i) + ",\"b\":[[\"2004.80\",\"" + i + ".25\"]],\"a\":[]}}");
            frames.add("{\"stream\":\"btcusdt@markPrice\",\"data\":{\"e\":\"markPriceUpdate\",\"E\":" + (e + 4)
                    + ",\"s\":\"BTCUSDT\",\"p\":\"31750.1" + i + "000000\",\"P\":\"31751.00000000\",\"i\":\"31749.6"
                    + i + "659091\",\"r\":\"0.000" + i + "8167\",\"T\":1626998400000}}");
            frames.add("{\"stream\":\"ethusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":" + (e + 9) + ",\"a\":" + (8800 + i)
                    + ",\"s\":\"ETHUSDT\",\"p\":\"2004.85\",\"q\":\"" + i + ".5\",\"f\":" + (9900 + i) + ",\"l\":" + (9900 + i)
                    + ",\"T\":" + (e + 8) + ",\"m\":" + (i % 2 == 0) + "}}");
        }
        return frames;
    }

    private static Channel channel(String symbol, String type) {
        return Channel.of("binance", "perpetual", symbol, type);
    }

    private List<RedisSubscriber.Received> data() {
        return subscriber.matching(r -> !r.channel().endsWith(":status"));
    }
}
