package io.datastream.book;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Kraken spot v1 book-1000 recording, turned into v2 frames (levels as JSON numbers with the recorded digits,
 * checksum per update), normalized by the production {@link KrakenNormalizer} and fed to the book keeper: every one of
 * its 4269 checksums must verify against the maintained, truncated book.
 */
class KrakenRecordingChecksumTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_verify_all_4269_recorded_checksums_through_the_normalizer_and_the_kraken_book() throws IOException {
        BookSettings settings = new BookSettings(20, java.time.Duration.ZERO, java.time.Duration.ZERO, 1000, 1000, 10_000);
        CapturedOutput output = new CapturedOutput();
        List<Channel> resubscribed = new ArrayList<>();
        BookKeeper keeper = EveryBook.keeper(settings, null, resubscribed::add, output, BookMetrics.inMemory());
        KrakenNormalizer normalizer = new KrakenNormalizer();
        long checksummed = 0;
        long snapshots = 0;
        for (String v2Frame : v2Frames()) {
            List<MarketEvent> events = normalizer.normalize(v2Frame, new FrameContext("kraken", "spot", 0));
            for (MarketEvent event : events) {
                Depth depth = (Depth) event.payload();
                checksummed += depth.checksum() != null ? 1 : 0;
                snapshots += depth.replacesBook() ? 1 : 0;
            }
            keeper.apply(events, "spot");
        }
        long verified = keeper.books().stream().mapToLong(b -> ((KrakenSpotBookSync) b).verified()).sum();
        assertThat(checksummed).isEqualTo(4269);
        assertThat(snapshots).isEqualTo(10);
        assertThat(verified).isEqualTo(4269);
        assertThat(resubscribed).isEmpty();
        assertThat(output.states()).isEmpty();
        assertThat(output.books()).allMatch(b -> b.checksumOk() == null || b.checksumOk())
                .anyMatch(b -> Boolean.TRUE.equals(b.checksumOk()));
    }

    /** v1 {@code [id, {"as"/"bs"} | {"a"}, {"b","c"}…, "book-1000", pair]} → v2 {@code {"channel":"book","type",...}}. */
    private static List<String> v2Frames() throws IOException {
        List<String> frames = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(
                KrakenRecordingChecksumTest.class.getResourceAsStream("/sim/recorded/KRAKEN.ws.50.0.gz")), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int colon = line.indexOf(": ");
                if (colon < 0 || !Character.isDigit(line.charAt(0)) || line.charAt(colon + 2) != '[') {
                    continue;
                }
                JsonNode v1 = JSON.readTree(line.substring(colon + 2));
                String pair = v1.get(v1.size() - 1).asText().replace("XBT", "BTC");
                StringBuilder bids = new StringBuilder();
                StringBuilder asks = new StringBuilder();
                String checksum = null;
                boolean snapshot = false;
                for (int i = 1; i < v1.size() - 2; i++) {
                    JsonNode part = v1.get(i);
                    snapshot |= part.has("as") || part.has("bs");
                    appendLevels(asks, part.has("as") ? part.get("as") : part.get("a"));
                    appendLevels(bids, part.has("bs") ? part.get("bs") : part.get("b"));
                    if (part.has("c")) {
                        checksum = part.get("c").asText();
                    }
                }
                frames.add("{\"channel\":\"book\",\"type\":\"" + (snapshot ? "snapshot" : "update") + "\",\"data\":[{\"symbol\":\""
                        + pair + "\",\"bids\":[" + bids + "],\"asks\":[" + asks + "]"
                        + (checksum != null ? ",\"checksum\":" + checksum : "") + "}]}");
            }
        }
        return frames;
    }

    private static void appendLevels(StringBuilder json, JsonNode levels) {
        if (levels == null) {
            return;
        }
        for (JsonNode level : levels) {
            json.append(json.length() == 0 ? "" : ",").append("{\"price\":").append(level.get(0).asText())
                    .append(",\"qty\":").append(level.get(1).asText()).append('}');
        }
    }
}
