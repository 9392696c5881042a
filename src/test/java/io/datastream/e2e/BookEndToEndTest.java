package io.datastream.e2e;

import io.datastream.sim.BinanceRestDepth;
import io.datastream.sim.SyntheticDepthFeed;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Simulator depth diffs + REST snapshots → book step → Redis: a gap (or a stale snapshot on top of it) in one symbol
 * resyncs that symbol exactly once, the other symbol on the same connection keeps streaming, and both books end up
 * equal to the simulator's own book. A snapshot refused with 429 or 418 is asked again only after its Retry-After.
 */
class BookEndToEndTest extends BookTestSupport {

    private static final List<String> SYMBOLS = List.of("aaausdt", "bbbusdt");

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.binance.spot.rest-url", simulator.httpUrl());
    }

    @Test
    void should_resync_only_the_gapped_symbol_through_redis_and_end_with_correct_books() throws Exception {
        SyntheticDepthFeed feed = startBinanceBooks(SYMBOLS, 200);

        feed.skipNextDiff("aaausdt");
        awaitResyncStates(binanceBook("aaausdt"), 2);
        int bbbBooksAtResync = books(binanceBook("bbbusdt")).size();
        await().atMost(10, SECONDS).until(() -> books(binanceBook("bbbusdt")).size() > bbbBooksAtResync + 20);

        assertBinanceBooksMatchSimulatorAfterStop(feed, SYMBOLS);
        assertThat(resyncStates(binanceBook("aaausdt"))).containsExactly("gap", "resynced");
        assertThat(resyncStates(binanceBook("bbbusdt"))).isEmpty();
        assertThat(feed("binance-spot").reconnects()).isZero();
        assertThat(meters().get("datastream.gaps").tags("channel", "binance:spot:aaausdt:book", "cause", "update-id")
                .counter().count()).isEqualTo(1);
        assertThat(meters().find("datastream.gaps").tags("channel", "binance:spot:bbbusdt:book", "cause", "update-id")
                .counter()).isNull();
    }

    @Test
    void should_refetch_a_stale_snapshot_once_and_resync_once() throws Exception {
        SyntheticDepthFeed feed = startBinanceBooks(SYMBOLS, 200);
        int requestsBefore = simulator.binanceRest().requests("AAAUSDT");

        simulator.binanceRest().serveStaleSnapshotNext("aaausdt", simulator);
        await().atMost(5, SECONDS).until(() -> feed.sent("aaausdt") > 0 && books(binanceBook("aaausdt")).size() > 5);
        feed.skipNextDiff("aaausdt");
        awaitResyncStates(binanceBook("aaausdt"), 2);
        int snapshotRequests = simulator.binanceRest().requests("AAAUSDT") - requestsBefore;

        assertBinanceBooksMatchSimulatorAfterStop(feed, SYMBOLS);
        assertThat(resyncStates(binanceBook("aaausdt"))).containsExactly("gap", "resynced");
        assertThat(snapshotRequests).as("the stale one, then a fresh one").isEqualTo(2);
        assertThat(meters().find("datastream.book.snapshots.stale").counter()).isNotNull();
    }

    @Test
    void should_ask_for_a_snapshot_refused_with_429_again_only_after_its_retry_after() throws Exception {
        assertSnapshotRetriedAfterRetryAfter(429, 1);
    }

    @Test
    void should_ask_for_a_snapshot_refused_with_418_again_only_after_its_retry_after() throws Exception {
        assertSnapshotRetriedAfterRetryAfter(418, 2);
    }

    private void assertSnapshotRetriedAfterRetryAfter(int status, int retryAfterSeconds) throws Exception {
        List<String> symbol = List.of("aaausdt");
        simulator.binanceRest().answerRateLimited(status, 1, retryAfterSeconds);
        SyntheticDepthFeed feed = startBinanceBooks(symbol, 50);

        List<BinanceRestDepth.Request> requests = simulator.binanceRest().requestLog("AAAUSDT");
        assertThat(requests).extracting(BinanceRestDepth.Request::status).containsExactly(status, 200);
        assertThat(requests.get(1).atNanos() - requests.get(0).atNanos()).as("nanos from the refusal to the retry")
                .isGreaterThanOrEqualTo(SECONDS.toNanos(retryAfterSeconds));
        assertBinanceBooksMatchSimulatorAfterStop(feed, symbol);
        assertThat(resyncStates(binanceBook("aaausdt"))).isEmpty();
        // the refused one, the retry and the check's own: nothing else asked meanwhile
        assertThat(simulator.binanceRest().requests("AAAUSDT")).isEqualTo(3);
    }
}
