package io.datastream.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.AggTrade;
import io.datastream.model.BookTicker;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.Kline;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.model.Schemas;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every frame of the real Binance spot recording (cryptofeed sample_data/BINANCE.ws.1.0). */
class BinanceRecordingTest {

    static final String FILE = "BINANCE.ws.1.0";
    final BinanceNormalizer normalizer = new BinanceNormalizer();

    static List<RecordedFrames.Frame> frames() {
        return RecordedFrames.read(FILE);
    }

    @Test
    void should_find_all_265_frames() {
        assertThat(frames()).hasSize(265);
    }

    @ParameterizedTest
    @MethodSource("frames")
    void should_normalize_every_frame_to_its_stream_channel_and_schema(RecordedFrames.Frame frame) {
        JsonNode raw = EventJson.read(frame.json());
        String stream = raw.get("stream").textValue();

        List<MarketEvent> events = normalizer.normalize(frame.json(), new FrameContext("binance", "spot", frame.recvTs()));

        assertThat(events).hasSize(1);
        MarketEvent event = events.get(0);
        assertThat(event.channel().toString()).isEqualTo(expectedChannel(stream));
        assertThat(event.recvTs()).isEqualTo(frame.recvTs());
        assertThat(event.symbol()).isEqualTo(raw.get("data").get("s").textValue());
        Schemas.assertValid(EventJson.write(event, frame.line(), frame.recvTs() + 10));
        assertMatchesRaw(raw.get("data"), event, frame.recvTs());
    }

    @Test
    void should_cover_all_four_types_of_the_recording() {
        Map<String, Long> counts = frames().stream()
                .map(f -> normalizer.normalize(f.json(), new FrameContext("binance", "spot", f.recvTs())).get(0))
                .collect(Collectors.groupingBy(e -> e.channel().type(), TreeMap::new, Collectors.counting()));

        assertThat(counts).containsExactlyEntriesOf(new TreeMap<>(
                Map.of("aggTrade", 2L, "bookTicker", 84L, "depth", 177L, "kline_1m", 2L)));
    }

    /** {@code nknusdt@depth@100ms} → {@code binance:spot:nknusdt:depth}. */
    static String expectedChannel(String stream) {
        int at = stream.indexOf('@');
        String kind = stream.substring(at + 1);
        String type = kind.startsWith("depth") ? "depth" : kind;
        return "binance:spot:" + stream.substring(0, at) + ":" + type;
    }

    /** An independent field-by-field mapping from the raw Binance payload, for every frame. */
    static void assertMatchesRaw(JsonNode d, MarketEvent event, long recvTs) {
        if (event.payload() instanceof Depth depth) {
            assertThat(event.ts()).isEqualTo(d.get("E").longValue() * 1000);
            assertThat(depth.firstUpdateId()).isEqualTo(d.get("U").longValue());
            assertThat(depth.lastUpdateId()).isEqualTo(d.get("u").longValue());
            assertThat(depth.prevUpdateId()).isNull();
            assertThat(depth.bids()).isEqualTo(levels(d.get("b")));
            assertThat(depth.asks()).isEqualTo(levels(d.get("a")));
        } else if (event.payload() instanceof BookTicker ticker) {
            assertThat(event.ts()).isEqualTo(recvTs);
            assertThat(ticker).isEqualTo(new BookTicker(d.get("b").textValue(), d.get("B").textValue(),
                    d.get("a").textValue(), d.get("A").textValue(), d.get("u").longValue()));
        } else if (event.payload() instanceof AggTrade trade) {
            assertThat(event.ts()).isEqualTo(d.get("T").longValue() * 1000);
            assertThat(trade).isEqualTo(new AggTrade(d.get("a").asText(), d.get("p").textValue(),
                    d.get("q").textValue(), d.get("m").booleanValue() ? "sell" : "buy", d.get("f").asText(),
                    d.get("l").asText()));
        } else if (event.payload() instanceof Kline kline) {
            JsonNode k = d.get("k");
            assertThat(event.ts()).isEqualTo(d.get("E").longValue() * 1000);
            assertThat(kline).isEqualTo(new Kline(k.get("i").textValue(), k.get("t").longValue() * 1000,
                    k.get("T").longValue() * 1000, k.get("o").textValue(), k.get("h").textValue(),
                    k.get("l").textValue(), k.get("c").textValue(), k.get("v").textValue(), k.get("n").longValue(),
                    k.get("x").booleanValue()));
        } else {
            throw new AssertionError("unexpected payload " + event.payload());
        }
    }

    static List<PriceLevel> levels(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false)
                .map(l -> new PriceLevel(l.get(0).textValue(), l.get(1).textValue()))
                .toList();
    }
}
