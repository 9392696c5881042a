package io.datastream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator's synthetic Binance books keep the exchange's diff rules: spot update ids are contiguous; futures
 * diffs chain by {@code pu} while their ids jump (market-wide ids), and a snapshot lands inside the next diff's range.
 */
class SimDepthBookTest {

    private static final long T = 1_696_613_755_440L;

    @Test
    void should_number_spot_diffs_contiguously_without_pu() {
        SimDepthBook book = new SimDepthBook("AAAUSDT", 1, 1_000);
        long previousLast = 999;
        for (int i = 0; i < 100; i++) {
            JsonNode diff = EventJson.read(book.nextDiff(T));
            assertThat(diff.get("U").asLong()).isEqualTo(previousLast + 1);
            assertThat(diff.has("pu")).isFalse();
            previousLast = diff.get("u").asLong();
        }
        assertThat(EventJson.read(book.snapshot(5)).get("lastUpdateId").asLong()).isEqualTo(previousLast);
    }

    @Test
    void should_chain_futures_diffs_by_pu_with_jumping_ids_and_snapshots_inside_the_next_diff() {
        SimDepthBook book = new SimDepthBook("AAAUSD_PERP", 1, 1_000, true);
        book.splitDiffsAtSnapshots(true);
        long previousLast = 999;
        int jumps = 0;
        int strictlyInside = 0;
        for (int i = 0; i < 300; i++) {
            Long snapshotId = i % 3 == 0 ? EventJson.read(book.snapshot(5)).get("lastUpdateId").asLong() : null;
            JsonNode diff = EventJson.read(book.nextDiff(T));
            long first = diff.get("U").asLong();
            long last = diff.get("u").asLong();
            assertThat(diff.get("pu").asLong()).isEqualTo(previousLast);
            assertThat(first).isGreaterThan(previousLast).isLessThanOrEqualTo(last);
            assertThat(diff.get("T").asLong()).isEqualTo(T);
            assertThat(diff.get("ps").asText()).isEqualTo("AAAUSD");
            if (snapshotId != null) {
                assertThat(snapshotId).as("snapshot id inside the next diff").isBetween(first, last);
                strictlyInside += snapshotId < last ? 1 : 0;
            }
            jumps += first > previousLast + 1 ? 1 : 0;
            previousLast = last;
        }
        assertThat(jumps).as("diffs whose ids jump past other symbols' updates").isPositive();
        assertThat(strictlyInside).as("snapshots with part of the next diff still to come").isPositive();

        // as the service reads it
        MarketEvent event = new BinanceNormalizer().normalize("{\"stream\":\"aaausd_perp@depth@100ms\",\"data\":"
                + book.nextDiff(T) + "}", new FrameContext("binance", "coinm", T * 1000)).get(0);
        assertThat(event.channel().toString()).isEqualTo("binance:perpetual:aaausd_perp:depth");
        assertThat(((Depth) event.payload()).prevUpdateId()).isEqualTo(previousLast);
    }

    @Test
    void should_send_a_snapshot_caught_diff_whole_and_leave_the_book_at_its_end() {
        SimDepthBook book = new SimDepthBook("AAAUSDT", 3, 1_000, true);
        book.splitDiffsAtSnapshots(true);
        JsonNode snapshot = EventJson.read(book.snapshot(1000));
        assertThat(snapshot.has("E")).isTrue();
        assertThat(book.isMidDiff()).isTrue();

        book.splitDiffsAtSnapshots(false);
        JsonNode diff = EventJson.read(book.nextDiff(T));
        assertThat(book.isMidDiff()).isFalse();
        assertThat(book.lastUpdateId()).isEqualTo(diff.get("u").asLong());
        // snapshots no longer move the book
        assertThat(List.of(book.snapshot(1000), book.snapshot(1000))).allSatisfy(s ->
                assertThat(EventJson.read(s).get("lastUpdateId").asLong()).isEqualTo(diff.get("u").asLong()));
    }
}
