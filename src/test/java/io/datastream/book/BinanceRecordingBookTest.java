package io.datastream.book;

import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real Binance spot recording (depth@100ms of 4 symbols) with its REST snapshots: after every diff the maintained
 * book equals a reference built independently here (TreeMap of BigDecimal prices, snapshot + diffs with u > id).
 */
class BinanceRecordingBookTest {

    @Test
    void should_match_an_independent_reference_book_after_every_recorded_diff() {
        Map<String, DepthSnapshot> snapshots = recordedSnapshots();
        SnapshotSource source = (venue, symbol) -> CompletableFuture.completedFuture(snapshots.get(symbol));
        CapturedOutput output = new CapturedOutput();
        BookKeeper keeper = EveryBook.keeper(BookSettings.defaults(), source, channel -> { }, output,
                BookMetrics.inMemory());
        Map<String, Reference> references = new HashMap<>();
        BinanceNormalizer normalizer = new BinanceNormalizer();
        int compared = 0;

        for (String line : lines("/recordings/BINANCE.ws.1.0")) {
            int colon = line.indexOf(": ");
            if (colon < 0 || !Character.isDigit(line.charAt(0))) {
                continue;
            }
            List<MarketEvent> events = normalizer.normalize(line.substring(colon + 2), new FrameContext("binance", "spot", 0));
            keeper.apply(events, "spot");
            for (MarketEvent event : events) {
                if (!(event.payload() instanceof Depth depth)) {
                    continue;
                }
                Reference reference = references.computeIfAbsent(event.symbol(), s -> new Reference(snapshots.get(s)));
                reference.apply(depth);
                SymbolBook book = keeper.book(event.channel().withType("book"));
                List<List<PriceLevel>> top = book.top(Integer.MAX_VALUE);
                assertThat(top.get(0)).as("%s bids after u=%d", event.symbol(), depth.lastUpdateId()).isEqualTo(reference.bids());
                assertThat(top.get(1)).as("%s asks after u=%d", event.symbol(), depth.lastUpdateId()).isEqualTo(reference.asks());
                compared++;
            }
        }
        assertThat(references).hasSize(4);
        assertThat(compared).isEqualTo(177);
        assertThat(output.states()).as("no gap in the recording").isEmpty();
        assertThat(output.books()).isNotEmpty();
        assertThat(output.books().get(output.books().size() - 1).bids()).hasSize(20);
    }

    /** The plain textbook procedure, with no shared code: TreeMaps keyed by BigDecimal. */
    private static final class Reference {
        private final TreeMap<BigDecimal, PriceLevel> bids = new TreeMap<>(Comparator.reverseOrder());
        private final TreeMap<BigDecimal, PriceLevel> asks = new TreeMap<>();
        private final long snapshotId;

        Reference(DepthSnapshot snapshot) {
            snapshotId = snapshot.lastUpdateId();
            snapshot.bids().forEach(l -> set(bids, l));
            snapshot.asks().forEach(l -> set(asks, l));
        }

        void apply(Depth depth) {
            if (depth.lastUpdateId() <= snapshotId) {
                return;
            }
            depth.bids().forEach(l -> set(bids, l));
            depth.asks().forEach(l -> set(asks, l));
        }

        private static void set(TreeMap<BigDecimal, PriceLevel> side, PriceLevel level) {
            BigDecimal price = new BigDecimal(level.price());
            if (new BigDecimal(level.qty()).signum() == 0) {
                side.remove(price);
            } else {
                side.put(price, level);
            }
        }

        List<PriceLevel> bids() {
            return new ArrayList<>(bids.values());
        }

        List<PriceLevel> asks() {
            return new ArrayList<>(asks.values());
        }
    }

    static Map<String, DepthSnapshot> recordedSnapshots() {
        Map<String, DepthSnapshot> snapshots = new HashMap<>();
        for (String line : lines("/recordings/BINANCE.http.0.0")) {
            int symbolAt = line.indexOf("symbol=");
            int arrow = line.indexOf(" -> ");
            if (symbolAt < 0 || arrow < 0) {
                continue;
            }
            String symbol = line.substring(symbolAt + 7, line.indexOf('&', symbolAt));
            snapshots.put(symbol, BinanceSnapshotClient.parse(line.substring(line.indexOf(": ", arrow) + 2)));
        }
        return snapshots;
    }

    static List<String> lines(String resource) {
        try (InputStream in = BinanceRecordingBookTest.class.getResourceAsStream(resource);
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return new java.io.BufferedReader(reader).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
