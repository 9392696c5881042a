package io.datastream.book;

import io.datastream.model.Book;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import io.datastream.model.Status;
import io.datastream.model.Times;
import java.util.List;

/**
 * One symbol's maintained book and its {@code book} channel: the exchange-specific synchronizer decides when the
 * book is right; this base publishes it (top N, throttled) and announces gaps and resyncs on the status channel.
 * Every method runs under the object's lock: diffs arrive on the feed thread, snapshots and flushes on others.
 */
abstract class SymbolBook {

    protected final Channel bookChannel;
    protected final String symbol;
    protected final OrderBook book = new OrderBook();
    protected final BookSettings settings;
    protected final BookOutput output;
    protected final BookMetrics metrics;
    private final long throttleNanos;
    private long lastPublishNanos;
    private boolean unpublished;
    private long ts;
    private long recvTs;
    private long sequence;
    private Boolean checksumOk;
    private long resyncs;

    SymbolBook(Channel bookChannel, String symbol, BookSettings settings, BookOutput output, BookMetrics metrics) {
        this.bookChannel = bookChannel;
        this.symbol = symbol;
        this.settings = settings;
        this.output = output;
        this.metrics = metrics;
        this.throttleNanos = settings.throttle().toNanos();
    }

    /** Takes one normalized depth event of this symbol. */
    abstract void onDepth(MarketEvent event, Depth depth);

    /** True once the book is synchronized and may be published. */
    abstract boolean isLive();

    /** Publishes the book now, or at the next flush when the throttle interval has not passed. */
    protected final synchronized void publish(MarketEvent cause, long bookSequence, Boolean checksum) {
        ts = cause.ts();
        recvTs = cause.recvTs();
        sequence = bookSequence;
        checksumOk = checksum;
        long now = System.nanoTime();
        // an invalid book is announced at once, so the last-value key never keeps a stale "good" book
        if (throttleNanos == 0 || now - lastPublishNanos >= throttleNanos || Boolean.FALSE.equals(checksum)) {
            send(now);
        } else {
            unpublished = true;
        }
    }

    /** Sends a book held back by the throttle; called periodically. */
    final synchronized void flush() {
        if (unpublished && isLive() && System.nanoTime() - lastPublishNanos >= throttleNanos) {
            send(System.nanoTime());
        }
    }

    private void send(long now) {
        lastPublishNanos = now;
        unpublished = false;
        Book top = new Book(book.bids(settings.depth()), book.asks(settings.depth()), sequence, checksumOk);
        output.offer(List.of(new MarketEvent(bookChannel, symbol, ts, recvTs, top)));
    }

    /** Drops the book: it is wrong or unknown until the next snapshot. */
    protected final synchronized void invalidate() {
        book.clear();
        unpublished = false;
    }

    protected final void announceGap(String cause, String reason, Long missedFrom, Long missedTo) {
        resyncs++;
        metrics.resync(bookChannel, cause);
        metrics.gap(bookChannel, cause);
        output.offer(List.of(MarketEvent.status(bookChannel, symbol, Status.GAP, reason, missedFrom, missedTo, Times.nowMicros())));
    }

    protected final void announceResynced(String reason) {
        output.offer(List.of(MarketEvent.status(bookChannel, symbol, Status.RESYNCED, reason, null, null, Times.nowMicros())));
    }

    /** Gaps or checksum failures that made this book start over. */
    public final synchronized long resyncs() {
        return resyncs;
    }

    /** A copy of the current top levels, for tests and probes: {@code [bids, asks]}. */
    public final synchronized List<List<PriceLevel>> top(int n) {
        return List.of(book.bids(n), book.asks(n));
    }

    public final Channel channel() {
        return bookChannel;
    }
}
