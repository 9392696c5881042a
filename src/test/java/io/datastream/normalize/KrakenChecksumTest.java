package io.datastream.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import org.junit.jupiter.api.Test;

/**
 * Kraken's book checksum on real data: the v1 book-1000 recording KRAKEN.ws.50.0, each frame rewritten in v2 form
 * (JSON numbers carrying the recorded digits, v2 envelope), run through the v2 depth path; a test-side book applies
 * the levels and every recorded checksum must match the exact level text the normalizer produced.
 */
class KrakenChecksumTest {

    /** The timestamp every rewritten frame carries. */
    static final String V2_TIMESTAMP = "2021-04-17T16:48:52.927716Z";
    private static final int DEPTH = 1000;
    private final KrakenNormalizer normalizer = new KrakenNormalizer();

    @Test
    void should_compute_the_documented_v2_example() {
        Depth depth = (Depth) normalizer.normalize(KrakenNormalizerTest.BOOK_SNAPSHOT,
                new FrameContext("kraken", "spot", 1)).get(0).payload();
        assertThat(KrakenChecksum.of(depth.asks(), depth.bids())).isEqualTo(3_310_070_434L);
    }

    @Test
    void should_compute_the_documented_v1_example_string() {
        // PROTOCOLS.md §4b: the v1 doc's checksum input string → 974947235; here as ten levels of 5-digit text
        String input = "50055005010500501550050205005025500503050050355005040500504550050505005000500499550049905004980500497550049705004965500496050049555004950500";
        List<PriceLevel> asks = new ArrayList<>();
        for (int i = 0; i < input.length(); i += 14) {
            String level = input.substring(i, i + 14);
            asks.add(new PriceLevel(level.substring(0, 5) + "." + level.substring(5, 7), level.substring(7)));
        }
        assertThat(KrakenChecksum.of(asks, List.of())).isEqualTo(974_947_235L);
    }

    @Test
    void should_verify_every_checksum_of_the_real_recording_through_the_v2_depth_path() throws IOException {
        Map<String, Book> books = new HashMap<>();
        int verified = 0;
        int events = 0;
        for (String line : recordedFrames()) {
            JsonNode frame = EventJson.read(line);
            if (!frame.isArray() || !frame.get(frame.size() - 2).asText().startsWith("book")) {
                continue;
            }
            String pair = frame.get(frame.size() - 1).asText();
            String v2 = toV2(frame, pair);
            for (MarketEvent event : normalizer.normalize(v2, new FrameContext("kraken", "spot", 1))) {
                events++;
                Depth depth = (Depth) event.payload();
                Book book = books.computeIfAbsent(pair, p -> new Book());
                boolean snapshot = frame.get(1).has("as") || frame.get(1).has("bs");
                if (snapshot) {
                    book.clear();
                }
                book.apply(depth);
                JsonNode checksum = EventJson.read(v2).get("data").get(0).get("checksum");
                if (checksum != null) {
                    assertThat(KrakenChecksum.of(book.asks(), book.bids())).as("checksum of %s at %s", pair, line)
                            .isEqualTo(checksum.asLong());
                    verified++;
                }
            }
        }
        assertThat(events).isGreaterThan(4269);
        assertThat(verified).isEqualTo(4269);
    }

    /**
     * {@code [id, {"a"|"as":…}, ({"b":…, "c":…},) name, pair]} → a v2 book message with the recorded digits as numbers,
     * timestamp {@link #V2_TIMESTAMP}.
     */
    static String toV2(JsonNode frame, String pair) {
        StringBuilder asks = new StringBuilder();
        StringBuilder bids = new StringBuilder();
        String checksum = null;
        boolean snapshot = false;
        for (int i = 1; i < frame.size() - 2; i++) {
            JsonNode part = frame.get(i);
            snapshot |= part.has("as") || part.has("bs");
            levels(part.has("as") ? part.get("as") : part.get("a"), asks);
            levels(part.has("bs") ? part.get("bs") : part.get("b"), bids);
            if (part.has("c")) {
                checksum = part.get("c").asText();
            }
        }
        return "{\"channel\":\"book\",\"type\":\"" + (snapshot ? "snapshot" : "update") + "\",\"data\":[{\"symbol\":\"" + pair
                + "\",\"bids\":[" + bids + "],\"asks\":[" + asks + "]" + (checksum == null ? "" : ",\"checksum\":" + checksum)
                + ",\"timestamp\":\"" + V2_TIMESTAMP + "\"}]}";
    }

    private static void levels(JsonNode v1Levels, StringBuilder out) {
        if (v1Levels == null) {
            return;
        }
        for (JsonNode level : v1Levels) {
            out.append(out.length() == 0 ? "" : ",").append("{\"price\":").append(level.get(0).asText())
                    .append(",\"qty\":").append(level.get(1).asText()).append('}');
        }
    }

    static List<String> recordedFrames() throws IOException {
        List<String> frames = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                KrakenChecksumTest.class.getResourceAsStream("/sim/recorded/KRAKEN.ws.50.0.gz")), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                int separator = line.indexOf(": ");
                if (!line.isEmpty() && Character.isDigit(line.charAt(0)) && separator > 0) {
                    frames.add(line.substring(separator + 2));
                }
            }
        }
        return frames;
    }

    /** A test-side book: levels keyed by numeric price, text kept as the normalizer gave it, truncated to the depth. */
    private static final class Book {
        private final TreeMap<BigDecimal, PriceLevel> asks = new TreeMap<>();
        private final TreeMap<BigDecimal, PriceLevel> bids = new TreeMap<>(Comparator.reverseOrder());

        void clear() {
            asks.clear();
            bids.clear();
        }

        void apply(Depth depth) {
            depth.asks().forEach(level -> put(asks, level));
            depth.bids().forEach(level -> put(bids, level));
            truncate(asks);
            truncate(bids);
        }

        private static void put(TreeMap<BigDecimal, PriceLevel> side, PriceLevel level) {
            BigDecimal price = new BigDecimal(level.price());
            if (new BigDecimal(level.qty()).signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, level);
            }
        }

        private static void truncate(TreeMap<BigDecimal, PriceLevel> side) {
            while (side.size() > DEPTH) {
                side.pollLastEntry();
            }
        }

        List<PriceLevel> asks() {
            return new ArrayList<>(asks.values());
        }

        List<PriceLevel> bids() {
            return new ArrayList<>(bids.values());
        }
    }
}
