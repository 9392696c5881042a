package io.datastream.book;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The integrity probe: compares each live Binance book with a fresh REST snapshot and records the levels that differ
 * as the gauge {@code datastream.book.drift.levels} (see {@link BinanceBookSync#endProbe} for how in-flight diffs
 * are kept out of the comparison); a book's next probe starts once its last one has ended. Probes spend only spare
 * REST weight (more than half the minute's budget left), so they never hold up a resync; a probe without budget is
 * skipped. Drift means a bug or a silent upstream loss; it is logged, not repaired here.
 */
public final class BookProbe implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(BookProbe.class);

    private final BookKeeper keeper;
    private final SnapshotSource snapshots;
    private final BookMetrics metrics;

    public BookProbe(BookKeeper keeper, SnapshotSource snapshots, BookMetrics metrics) {
        this.keeper = keeper;
        this.snapshots = snapshots;
        this.metrics = metrics;
    }

    @Override
    public void run() {
        for (SymbolBook book : keeper.books()) {
            if (book instanceof BinanceBookSync binance && binance.beginProbe()) {
                probe(binance);
            }
        }
    }

    private void probe(BinanceBookSync book) {
        snapshots.fetchIfSpare(book.venue(), book.symbol).whenComplete((snapshot, error) -> {
            if (error != null || snapshot == null) {
                if (error != null) {
                    LOG.debug("{}: probe snapshot failed: {}", book.channel(), error.toString());
                }
                book.abortProbe();
                metrics.probeSkipped(book.channel());
                return;
            }
            book.endProbe(snapshot, keeper.settings().depth()).thenAccept(drift -> report(book, snapshot, drift));
        });
    }

    private void report(BinanceBookSync book, DepthSnapshot snapshot, int drift) {
        if (drift < 0) {
            metrics.probeSkipped(book.channel());
        } else if (drift == 0) {
            metrics.drift(book.channel(), 0, "ok");
        } else {
            LOG.warn("{}: {} levels of the top {} per side differ from REST snapshot {}", book.channel(), drift,
                    keeper.settings().depth(), snapshot.lastUpdateId());
            metrics.drift(book.channel(), drift, "drift");
        }
    }
}
