package io.datastream.book;

import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kraken futures book: {@code book_snapshot} replaces it, each delta must carry {@code seq} = previous + 1 (per
 * product). A jump announces {@code gap} with the missed range and resubscribes the product; deltas are ignored until
 * the new snapshot, announced as {@code resynced}. There is no checksum on futures books. A book that starts on a
 * delta (its {@code book} channel was added while the product's data already streamed) asks for a snapshot the same way.
 */
public final class KrakenFuturesBookSync extends SymbolBook {

    /** The book sync of Kraken futures. */
    public static final BookSync SYNC = (bookChannel, symbol, venue, services) -> new KrakenFuturesBookSync(
            bookChannel, symbol, services.resubscriber(), services.settings(), services.output(), services.metrics());

    private static final Logger LOG = LoggerFactory.getLogger(KrakenFuturesBookSync.class);

    private final Resubscriber resubscriber;
    private boolean live;
    private boolean resyncing;
    private boolean snapshotRequested;
    private long seq;

    KrakenFuturesBookSync(Channel bookChannel, String symbol, Resubscriber resubscriber, BookSettings settings,
                          BookOutput output, BookMetrics metrics) {
        super(bookChannel, symbol, settings, output, metrics);
        this.resubscriber = resubscriber;
    }

    @Override
    synchronized void onDepth(MarketEvent event, Depth depth) {
        Long messageSeq = depth.lastUpdateId();
        if (messageSeq == null) {
            throw new IllegalArgumentException("kraken futures book message without seq on " + event.channel());
        }
        if (depth.replacesBook()) {
            book.clear();
            book.apply(depth.bids(), depth.asks());
            seq = messageSeq;
            live = true;
            snapshotRequested = false;
            if (resyncing) {
                resyncing = false;
                announceResynced("fresh snapshot at seq " + seq);
            }
            publish(event, seq, null);
            return;
        }
        if (!live) {
            requestSnapshotOnce();
            return; // waiting for the snapshot of a (re)subscription
        }
        if (messageSeq <= seq) {
            return; // a repeat
        }
        if (messageSeq != seq + 1) {
            String reason = "seq jumps from " + seq + " to " + messageSeq + "; resubscribing";
            LOG.warn("{}: {}", bookChannel, reason);
            announceGap("sequence", reason, seq + 1, messageSeq - 1);
            live = false;
            resyncing = true;
            invalidate();
            snapshotRequested = true;
            resubscriber.resubscribe(bookChannel);
            return;
        }
        book.apply(depth.bids(), depth.asks());
        seq = messageSeq;
        publish(event, seq, null);
    }

    /** Deltas without a snapshot before them: the subscription's snapshot went by before this book existed. */
    private void requestSnapshotOnce() {
        if (!snapshotRequested) {
            snapshotRequested = true;
            LOG.info("{}: book started on a delta; resubscribing for a snapshot", bookChannel);
            resubscriber.resubscribe(bookChannel);
        }
    }

    @Override
    synchronized boolean isLive() {
        return live;
    }
}
