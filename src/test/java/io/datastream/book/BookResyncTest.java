package io.datastream.book;

import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each injected fault — gap, stale snapshot, bad checksum, futures seq jump — gives exactly one resync of that symbol. */
class BookResyncTest {

    private final CapturedOutput output = new CapturedOutput();
    private final List<Channel> resubscribed = new ArrayList<>();
    private final BookMetrics metrics = BookMetrics.inMemory();

    @Test
    void should_resync_only_the_gapped_symbol_once_and_end_with_the_right_book() {
        ScriptedSnapshots snapshots = new ScriptedSnapshots().deferred()
                .then(snapshot(100, "1.00", "5")).then(snapshot(100, "1.00", "5"))
                .then(snapshot(205, "1.00", "7"));
        BookKeeper keeper = keeper(snapshots);
        keeper.apply(List.of(spot("AAA", 99, 101, "1.00", "6"), spot("BBB", 99, 101, "1.00", "6")), "spot");
        snapshots.completePending();
        keeper.apply(List.of(spot("AAA", 102, 102, "1.01", "1"), spot("BBB", 102, 102, "1.01", "1")), "spot");
        // AAA misses 103..199
        keeper.apply(List.of(spot("AAA", 200, 204, "1.02", "2"), spot("BBB", 103, 103, "1.02", "2")), "spot");
        keeper.apply(List.of(spot("AAA", 205, 206, "1.03", "3"), spot("BBB", 104, 104, "1.03", "3")), "spot");
        snapshots.completePending();

        assertThat(statesOf("aaa")).containsExactly("gap", "resynced");
        assertThat(statesOf("bbb")).isEmpty();
        assertThat(book(keeper, "AAA").top(10).get(0)).containsExactly(level("1.03", "3"), level("1.00", "7"));
        assertThat(book(keeper, "BBB").top(10).get(0))
                .containsExactly(level("1.03", "3"), level("1.02", "2"), level("1.01", "1"), level("1.00", "6"));
        assertThat(book(keeper, "AAA").resyncs()).isEqualTo(1);
        assertThat(snapshots.requests).isEqualTo(3);
        assertThat(gaps("binance:spot:aaa:book", "update-id")).isEqualTo(1);
        assertThat(metrics.registry().find("datastream.gaps").tag("channel", "binance:spot:bbb:book").counter()).isNull();
    }

    @Test
    void should_fetch_again_when_the_snapshot_is_older_than_the_buffered_diffs() {
        ScriptedSnapshots snapshots = new ScriptedSnapshots().deferred()
                .then(snapshot(50, "1.00", "1")).then(snapshot(101, "1.00", "9"));
        BookKeeper keeper = keeper(snapshots);
        keeper.apply(List.of(spot("AAA", 100, 101, "1.00", "8"), spot("AAA", 102, 102, "1.01", "4")), "spot");
        snapshots.completePending(); // 50: older than U=100
        snapshots.completePending(); // 101: drops the first diff, applies the second

        BinanceBookSync book = (BinanceBookSync) book(keeper, "AAA");
        assertThat(book.staleSnapshots()).isEqualTo(1);
        assertThat(book.bookId()).isEqualTo(102);
        assertThat(book.top(10).get(0)).containsExactly(level("1.01", "4"), level("1.00", "9"));
        assertThat(output.states()).isEmpty();
        assertThat(metrics.registry().find("datastream.gaps").counters()).as("a stale snapshot loses nothing").isEmpty();
    }

    @Test
    void should_follow_the_futures_rule_first_diff_straddles_then_pu_chains() {
        ScriptedSnapshots snapshots = new ScriptedSnapshots().deferred().then(snapshot(150, "1.0", "1"))
                .then(snapshot(400, "1.0", "2"));
        BookKeeper keeper = keeper(snapshots);
        keeper.apply(List.of(futures(100, 120, 90, "1.1", "1"), futures(121, 160, 120, "1.2", "1"),
                futures(161, 170, 160, "1.3", "1")), "usdm");
        snapshots.completePending();
        BinanceBookSync book = (BinanceBookSync) book(keeper, "AAAUSDT");
        assertThat(book.bookId()).isEqualTo(170);
        assertThat(book.top(10).get(0)).extracting(PriceLevel::price).containsExactly("1.3", "1.2", "1.0");

        keeper.apply(List.of(futures(300, 310, 299, "1.4", "1")), "usdm"); // pu 299 != 170
        keeper.apply(List.of(futures(311, 420, 310, "1.5", "1")), "usdm");
        snapshots.completePending();
        assertThat(output.states()).containsExactly("gap", "resynced");
        assertThat(book.bookId()).isEqualTo(420);
        assertThat(book.top(10).get(0)).extracting(PriceLevel::price).containsExactly("1.5", "1.0");
    }

    @Test
    void should_resubscribe_a_kraken_symbol_once_on_a_bad_checksum_and_verify_the_fresh_snapshot() {
        BookKeeper keeper = keeper(null);
        Depth snapshot = new Depth(List.of(level("100.0", "1.0")), List.of(level("101.0", "2.0")), null, null, null,
                null, true);
        keeper.apply(List.of(kraken(snapshot)), "spot");
        Depth corrupt = new Depth(List.of(level("100.5", "1.0")), List.of(), null, null, null, 12345L, null);
        keeper.apply(List.of(kraken(corrupt)), "spot");
        keeper.apply(List.of(kraken(new Depth(List.of(level("99.0", "1.0")), List.of(), null, null, null, 1L, null))), "spot");
        OrderBook expected = new OrderBook();
        expected.apply(List.of(level("100.0", "3.0")), List.of(level("101.0", "2.0")));
        keeper.apply(List.of(kraken(new Depth(List.of(level("100.0", "3.0")), List.of(level("101.0", "2.0")), null, null,
                null, expected.krakenChecksum(), true))), "spot");

        assertThat(resubscribed).containsExactly(Channel.of("kraken", "spot", "BTC/USD", "book"));
        assertThat(output.states()).containsExactly("gap", "resynced");
        assertThat(output.books()).extracting(b -> b.checksumOk()).containsExactly(null, false, true);
        assertThat(output.books().get(2).bids()).containsExactly(level("100.0", "3.0"));
        assertThat(gaps("kraken:spot:btc-usd:book", "checksum")).isEqualTo(1);
    }

    @Test
    void should_resubscribe_a_kraken_futures_product_on_a_seq_jump() {
        BookKeeper keeper = keeper(null);
        Channel depth = Channel.of("kraken", "perpetual", "PF_XBTUSD", "depth");
        keeper.apply(List.of(new MarketEvent(depth, "PF_XBTUSD", 0, 0, new Depth(List.of(level("10", "1")), List.of(),
                7L, 7L, null, null, true))), "futures");
        keeper.apply(List.of(new MarketEvent(depth, "PF_XBTUSD", 0, 0, new Depth(List.of(level("11", "1")), List.of(),
                8L, 8L, null))), "futures");
        keeper.apply(List.of(new MarketEvent(depth, "PF_XBTUSD", 0, 0, new Depth(List.of(level("12", "1")), List.of(),
                10L, 10L, null))), "futures");
        assertThat(resubscribed).containsExactly(depth.withType("book"));
        assertThat(output.states()).containsExactly("gap");
        assertThat(output.events.stream().filter(e -> e.payload() instanceof io.datastream.model.Status)
                .map(e -> ((io.datastream.model.Status) e.payload()).missedFrom())).containsExactly(9L);
        assertThat(gaps("kraken:perpetual:pf_xbtusd:book", "sequence")).isEqualTo(1);
    }

    @Test
    void should_ask_once_for_a_snapshot_when_a_kraken_book_starts_on_an_update() {
        BookKeeper keeper = keeper(null);
        Channel futures = Channel.of("kraken", "perpetual", "PF_XBTUSD", "depth");
        // the book channels were added while the data already streamed: their subscription snapshots went by
        keeper.apply(List.of(kraken(new Depth(List.of(level("99.0", "1.0")), List.of(), null, null, null, 1L, null)),
                new MarketEvent(futures, "PF_XBTUSD", 0, 0, new Depth(List.of(level("11", "1")), List.of(), 8L, 8L, null))),
                "spot");
        keeper.apply(List.of(kraken(new Depth(List.of(level("98.0", "1.0")), List.of(), null, null, null, 2L, null)),
                new MarketEvent(futures, "PF_XBTUSD", 0, 0, new Depth(List.of(level("12", "1")), List.of(), 9L, 9L, null))),
                "spot");
        OrderBook expected = new OrderBook();
        expected.apply(List.of(level("100.0", "3.0")), List.of(level("101.0", "2.0")));
        keeper.apply(List.of(kraken(new Depth(List.of(level("100.0", "3.0")), List.of(level("101.0", "2.0")), null, null,
                null, expected.krakenChecksum(), true))), "spot");

        assertThat(resubscribed).containsExactly(Channel.of("kraken", "spot", "BTC/USD", "book"), futures.withType("book"));
        assertThat(output.books()).singleElement().satisfies(b -> assertThat(b.checksumOk()).isTrue());
        assertThat(output.states()).as("nothing was published before, so nothing was lost").isEmpty();
    }

    /** The datastream.gaps count of a book channel and cause (as Prometheus datastream_gaps_total{channel,cause}). */
    private double gaps(String channel, String cause) {
        return metrics.registry().get("datastream.gaps").tags("channel", channel, "cause", cause).counter().count();
    }

    private BookKeeper keeper(SnapshotSource snapshots) {
        return EveryBook.keeper(BookSettings.defaults(), snapshots, resubscribed::add, output, metrics);
    }

    private List<String> statesOf(String symbol) {
        return output.events.stream().filter(e -> e.channel().symbol().equals(symbol) && e.type().equals("status"))
                .map(e -> ((io.datastream.model.Status) e.payload()).state()).toList();
    }

    private static SymbolBook book(BookKeeper keeper, String symbol) {
        return keeper.books().stream().filter(b -> b.symbol.equals(symbol)).findFirst().orElseThrow();
    }

    private static MarketEvent spot(String symbol, long first, long last, String bidPrice, String bidQty) {
        return new MarketEvent(Channel.of("binance", "spot", symbol, "depth"), symbol, 0, 0,
                new Depth(List.of(level(bidPrice, bidQty)), List.of(), first, last, null));
    }

    private static MarketEvent futures(long first, long last, long prev, String bidPrice, String bidQty) {
        return new MarketEvent(Channel.of("binance", "perpetual", "AAAUSDT", "depth"), "AAAUSDT", 0, 0,
                new Depth(List.of(level(bidPrice, bidQty)), List.of(), first, last, prev));
    }

    private static MarketEvent kraken(Depth depth) {
        return new MarketEvent(Channel.of("kraken", "spot", "BTC/USD", "depth"), "BTC/USD", 0, 0, depth);
    }

    private static DepthSnapshot snapshot(long id, String bidPrice, String bidQty) {
        return new DepthSnapshot(id, List.of(level(bidPrice, bidQty)), List.of(level("2.00", "1")));
    }

    private static PriceLevel level(String price, String qty) {
        return new PriceLevel(price, qty);
    }
}
