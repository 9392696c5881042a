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
 * Binance USD-M (WebSocket {@code /public}, REST {@code /fapi/v1/depth}) and COIN-M ({@code /dapi/v1/depth}) books by
 * the futures rules, through Redis: the simulator's diffs chain by {@code pu} while their update ids jump (ids are
 * market-wide) and its snapshots catch the book in the middle of a diff, so the first diff after one straddles its id;
 * a broken {@code pu} chain resyncs that symbol exactly once, the other keeps streaming, and both books end equal to
 * the simulator's own.
 */
class BinanceFuturesBookEndToEndTest extends BookTestSupport {

    @Override
    protected List<String> feeds() {
        return List.of(venue().route);
    }

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.binance.usdm.rest-url", simulator.httpUrl());
        properties.put("datastream.binance.coinm.rest-url", simulator.httpUrl());
    }

    private BinanceBooks venue() {
        return testName.contains("coin_m") ? BinanceBooks.COINM : BinanceBooks.USDM;
    }

    @Test
    void should_keep_usd_m_books_by_the_futures_rules_and_resync_only_the_symbol_whose_pu_chain_broke() throws Exception {
        assertFuturesBooks(List.of("aaausdt", "bbbusdt"));
    }

    @Test
    void should_keep_coin_m_books_by_the_futures_rules_and_resync_only_the_symbol_whose_pu_chain_broke() throws Exception {
        assertFuturesBooks(List.of("aaausd_perp", "bbbusd_perp"));
    }

    private void assertFuturesBooks(List<String> symbols) throws Exception {
        BinanceBooks venue = venue();
        String gapped = symbols.get(0);
        String other = symbols.get(1);
        SyntheticDepthFeed feed = startBinanceBooks(venue, symbols, 200);

        feed.skipNextDiff(gapped);
        awaitResyncStates(venue.book(gapped), 2);
        int otherBooksAtResync = books(venue.book(other)).size();
        await().atMost(10, SECONDS).until(() -> books(venue.book(other)).size() > otherBooksAtResync + 20);

        assertBinanceBooksMatchSimulatorAfterStop(venue, feed, symbols);
        assertThat(resyncStates(venue.book(gapped))).containsExactly("gap", "resynced");
        assertThat(resyncStatuses(venue.book(gapped)).get(0).get("reason").asText()).contains("prevUpdateId");
        assertThat(resyncStates(venue.book(other))).isEmpty();
        assertThat(feed(venue.route).reconnects()).isZero();
        assertThat(meters().get("datastream.gaps").tags("channel", venue.book(gapped), "cause", "update-id")
                .counter().count()).isEqualTo(1);
        // snapshots from the venue's REST path only: the first, the resync's (gapped symbol) and the check's above;
        // none was older than the diffs after it, so none was fetched again
        assertThat(simulator.binanceRest().requestLog(gapped)).extracting(BinanceRestDepth.Request::path)
                .containsExactly(venue.restPath, venue.restPath, venue.restPath);
        assertThat(simulator.binanceRest().requestLog(other)).extracting(BinanceRestDepth.Request::path)
                .containsExactly(venue.restPath, venue.restPath);
        assertThat(meters().find("datastream.book.snapshots.stale").counter()).isNull();
    }
}
