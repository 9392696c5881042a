package io.datastream.e2e;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import io.datastream.sim.Recording;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real recording BINANCE.ws.1.0 replayed through the routes lands in Redis complete, on the right channels, exact. */
class ReplayEndToEndTest extends DataStreamTestSupport {

    private static final Path RECORDING = Path.of("src", "main", "resources", "recordings", "BINANCE.ws.1.0");

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.replay.files", RECORDING.toString());
        properties.put("datastream.replay.pace", "fast");
    }

    @Test
    void should_publish_every_recorded_frame_on_its_channel_with_exact_values() {
        List<Recording.Frame> frames = Recording.parse(RECORDING).frames();
        assertThat(frames).hasSize(265);

        await().atMost(30, SECONDS).until(() -> dataMessages().size() >= 265);
        List<RedisSubscriber.Received> data = dataMessages();
        assertThat(data).hasSize(265);

        Map<String, Long> perType = data.stream()
                .collect(Collectors.groupingBy(r -> r.channel().substring(r.channel().lastIndexOf(':') + 1), Collectors.counting()));
        assertThat(perType).containsExactlyInAnyOrderEntriesOf(Map.of("depth", 177L, "bookTicker", 84L, "aggTrade", 2L, "kline_1m", 2L));

        // frames of one connection arrive in recorded order: the i-th message is the i-th frame
        for (int i = 0; i < frames.size(); i++) {
            JsonNode raw = EventJson.read(frames.get(i).text());
            RedisSubscriber.Received message = data.get(i);
            String stream = raw.get("stream").asText();
            assertThat(message.channel()).startsWith("binance:spot:" + stream.substring(0, stream.indexOf('@')) + ":");
            assertExact(raw.get("data"), message.node());
        }
    }

    @Test
    void should_number_each_channel_from_one_without_gaps() {
        await().atMost(30, SECONDS).until(() -> dataMessages().size() >= 265);
        Map<String, List<Long>> seqByChannel = subscriber.all().stream().collect(Collectors.groupingBy(
                RedisSubscriber.Received::channel, Collectors.mapping(r -> r.node().get("seq").asLong(), Collectors.toList())));
        seqByChannel.forEach((channel, seqs) -> {
            for (int i = 0; i < seqs.size(); i++) {
                assertThat(seqs.get(i)).as("seq %d on %s", i, channel).isEqualTo(i + 1L);
            }
        });
        // every data channel also announced on its status channel that the feed is live
        assertThat(subscriber.ofType("status")).extracting(r -> r.node().get("state").asText()).contains("live");
    }

    /** Field-by-field against the raw Binance payload: decimals as the exact text, times in microseconds. */
    private static void assertExact(JsonNode raw, JsonNode out) {
        assertThat(out.get("exchange").asText()).isEqualTo("binance");
        assertThat(out.get("market").asText()).isEqualTo("spot");
        assertThat(out.get("symbol").asText()).isEqualTo(raw.get("s").asText());
        assertThat(out.get("recvTs").asLong()).isPositive();
        assertThat(out.get("pubTs").asLong()).isGreaterThanOrEqualTo(out.get("recvTs").asLong());
        Function<String, String> text = field -> out.get(field).asText();
        if (raw.has("e") && raw.get("e").asText().equals("depthUpdate")) {
            assertThat(out.get("firstUpdateId").asLong()).isEqualTo(raw.get("U").asLong());
            assertThat(out.get("lastUpdateId").asLong()).isEqualTo(raw.get("u").asLong());
            assertThat(out.get("ts").asLong()).isEqualTo(raw.get("E").asLong() * 1000);
            assertThat(out.get("bids").toString()).isEqualTo(raw.get("b").toString());
            assertThat(out.get("asks").toString()).isEqualTo(raw.get("a").toString());
        } else if (raw.has("e") && raw.get("e").asText().equals("aggTrade")) {
            assertThat(text.apply("tradeId")).isEqualTo(raw.get("a").asText());
            assertThat(text.apply("price")).isEqualTo(raw.get("p").asText());
            assertThat(text.apply("qty")).isEqualTo(raw.get("q").asText());
            assertThat(text.apply("side")).isEqualTo(raw.get("m").asBoolean() ? "sell" : "buy");
            assertThat(out.get("ts").asLong()).isEqualTo(raw.get("T").asLong() * 1000);
        } else if (raw.has("e") && raw.get("e").asText().equals("kline")) {
            JsonNode k = raw.get("k");
            assertThat(text.apply("open")).isEqualTo(k.get("o").asText());
            assertThat(text.apply("close")).isEqualTo(k.get("c").asText());
            assertThat(text.apply("volume")).isEqualTo(k.get("v").asText());
            assertThat(out.get("openTime").asLong()).isEqualTo(k.get("t").asLong() * 1000);
            assertThat(out.get("closed").asBoolean()).isEqualTo(k.get("x").asBoolean());
        } else {
            assertThat(text.apply("bidPrice")).isEqualTo(raw.get("b").asText());
            assertThat(text.apply("bidQty")).isEqualTo(raw.get("B").asText());
            assertThat(text.apply("askPrice")).isEqualTo(raw.get("a").asText());
            assertThat(text.apply("askQty")).isEqualTo(raw.get("A").asText());
            assertThat(out.get("updateId").asLong()).isEqualTo(raw.get("u").asLong());
        }
    }

    private List<RedisSubscriber.Received> dataMessages() {
        return subscriber.matching(r -> !r.channel().endsWith(":status"));
    }
}
