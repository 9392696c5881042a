package io.datastream.book;

import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kraken spot v2 book: a snapshot replaces it, updates change it; after every message the book is truncated to the
 * subscribed depth and its top-10 CRC32 must equal the message's checksum. On a mismatch the (flagged) book is
 * published once with {@code checksumOk=false}, {@code gap} is announced and the symbol is resubscribed; updates are
 * ignored until the fresh snapshot verifies, which is announced as {@code resynced}. A book that starts on an update
 * (its {@code book} channel was added while the symbol's data already streamed) asks for a snapshot the same way.
 */
public final class KrakenSpotBookSync extends SymbolBook {

    /** The book sync of Kraken spot. */
    public static final BookSync SYNC = (bookChannel, symbol, venue, services) -> new KrakenSpotBookSync(bookChannel,
            symbol, services.resubscriber(), services.settings(), services.output(), services.metrics());

    private static final Logger LOG = LoggerFactory.getLogger(KrakenSpotBookSync.class);

    private final Resubscriber resubscriber;
    private boolean live;
    private boolean resyncing;
    private boolean snapshotRequested;
    private long messages;
    private long verified;

    KrakenSpotBookSync(Channel bookChannel, String symbol, Resubscriber resubscriber, BookSettings settings,
                       BookOutput output, BookMetrics metrics) {
        super(bookChannel, symbol, settings, output, metrics);
        this.resubscriber = resubscriber;
    }

    @Override
    synchronized void onDepth(MarketEvent event, Depth depth) {
        if (depth.replacesBook()) {
            book.clear();
            snapshotRequested = false;
        } else if (!live) {
            requestSnapshotOnce();
            return; // waiting for the snapshot of a (re)subscription
        }
        book.apply(depth.bids(), depth.asks());
        book.truncate(settings.krakenSpotDepth());
        messages++;
        if (depth.checksum() == null) {
            publish(event, messages, null);
            live = true;
            return;
        }
        long actual = book.krakenChecksum();
        if (actual != depth.checksum()) {
            onMismatch(event, depth.checksum(), actual);
            return;
        }
        verified++;
        live = true;
        if (resyncing) {
            resyncing = false;
            announceResynced("fresh snapshot verified (checksum " + actual + ")");
        }
        publish(event, messages, true);
    }

    private void onMismatch(MarketEvent event, long expected, long actual) {
        String reason = "checksum mismatch: exchange " + expected + ", local book " + actual + "; resubscribing";
        LOG.warn("{}: {}", bookChannel, reason);
        publish(event, messages, false);
        announceGap("checksum", reason, null, null);
        live = false;
        resyncing = true;
        invalidate();
        snapshotRequested = true;
        resubscriber.resubscribe(bookChannel);
    }

    /** Updates without a snapshot before them: the subscription's snapshot went by before this book existed. */
    private void requestSnapshotOnce() {
        if (!snapshotRequested) {
            snapshotRequested = true;
            LOG.info("{}: book started on an update; resubscribing for a snapshot", bookChannel);
            resubscriber.resubscribe(bookChannel);
        }
    }

    @Override
    synchronized boolean isLive() {
        return live;
    }

    /** Messages whose checksum matched the local book. */
    synchronized long verified() {
        return verified;
    }
}
