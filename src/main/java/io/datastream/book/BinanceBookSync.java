package io.datastream.book;

import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.PriceLevel;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Binance symbol's book by the documented procedure: buffer diffs, fetch a REST snapshot, drop the diffs it already
 * holds, then check continuity on every diff — spot {@code U <= book id + 1} (normally {@code U == prev u + 1}),
 * futures {@code pu == prev u}. A break drops this book only and starts over with a new snapshot, announcing
 * {@code gap} then {@code resynced}; a snapshot older than the first buffered diff is fetched again.
 */
public final class BinanceBookSync extends SymbolBook {

    /** The book sync of every Binance venue. */
    public static final BookSync SYNC = (bookChannel, symbol, venue, services) -> new BinanceBookSync(bookChannel,
            symbol, venue, services.snapshots(), services.settings(), services.output(), services.metrics());

    /** Which continuity rule the venue's diffs follow. */
    enum Rules { SPOT, FUTURES }

    private enum State { IDLE, AWAITING_SNAPSHOT, LIVE }

    private static final Logger LOG = LoggerFactory.getLogger(BinanceBookSync.class);

    private final String venue;
    private final Rules rules;
    private final SnapshotSource snapshots;
    private final ArrayDeque<MarketEvent> buffered = new ArrayDeque<>();
    private State state = State.IDLE;
    private long bookId;
    private boolean firstAfterSnapshot;
    private boolean resyncing;
    private int request;
    private long staleSnapshots;
    /** Prices changed since a probe asked for its snapshot; null when no probe is running. */
    private Set<String> touchedSinceProbe;
    private long probeStartId;
    /** A probe's snapshot waiting for the book to reach its update id, its depth and where the result goes. */
    private DepthSnapshot probeSnapshot;
    private int probeDepth;
    private CompletableFuture<Integer> probeResult;

    BinanceBookSync(Channel bookChannel, String symbol, String venue, SnapshotSource snapshots, BookSettings settings,
                    BookOutput output, BookMetrics metrics) {
        super(bookChannel, symbol, settings, output, metrics);
        this.venue = venue;
        this.rules = "spot".equals(venue) ? Rules.SPOT : Rules.FUTURES;
        this.snapshots = snapshots;
    }

    @Override
    synchronized void onDepth(MarketEvent event, Depth depth) {
        if (depth.firstUpdateId() == null || depth.lastUpdateId() == null) {
            throw new IllegalArgumentException("binance depth event without update ids on " + event.channel());
        }
        switch (state) {
            case IDLE -> {
                buffered.add(event);
                requestSnapshot();
            }
            case AWAITING_SNAPSHOT -> buffer(event);
            case LIVE -> {
                Step step = applyInOrder(event, depth);
                if (step == Step.APPLIED) {
                    publish(event, bookId, null);
                } else if (step == Step.BROKEN) {
                    buffered.add(event);
                    requestSnapshot();
                }
            }
        }
    }

    private enum Step { APPLIED, SKIPPED, BROKEN }

    private void buffer(MarketEvent event) {
        if (buffered.size() >= settings.maxBufferedDiffs()) {
            // the snapshot is taking too long: whatever it brings will be older than what we can keep
            LOG.warn("{}: {} diffs buffered waiting for a snapshot; starting over", bookChannel, buffered.size());
            buffered.clear();
            buffered.add(event);
            requestSnapshot();
            return;
        }
        buffered.add(event);
    }

    /** Applies a diff if it continues the book; BROKEN (book dropped) when it does not. */
    private Step applyInOrder(MarketEvent event, Depth depth) {
        if (depth.lastUpdateId() <= bookId) {
            return Step.SKIPPED; // already in the book (snapshot or an overlapping earlier diff)
        }
        if (!continues(depth)) {
            if (firstAfterSnapshot) {
                onStaleSnapshot();
            } else {
                onGap(depth);
            }
            invalidate();
            finishProbe(-1);
            return Step.BROKEN;
        }
        book.apply(depth.bids(), depth.asks());
        if (touchedSinceProbe != null) {
            depth.bids().forEach(l -> touchedSinceProbe.add("b" + l.price()));
            depth.asks().forEach(l -> touchedSinceProbe.add("a" + l.price()));
        }
        bookId = depth.lastUpdateId();
        firstAfterSnapshot = false;
        compareProbeIfCaughtUp();
        return Step.APPLIED;
    }

    private boolean continues(Depth depth) {
        if (rules == Rules.SPOT) {
            return depth.firstUpdateId() <= bookId + 1;
        }
        Long prev = depth.prevUpdateId();
        if (firstAfterSnapshot) {
            // first diff after the snapshot: it must straddle the snapshot id (U <= id <= u); a diff whose previous
            // diff ended at or before the snapshot also continues it, as no update in between is for this symbol
            return depth.firstUpdateId() <= bookId || (prev != null && prev <= bookId);
        }
        return prev != null && prev == bookId;
    }

    private void onGap(Depth depth) {
        Long missedFrom = bookId + 1;
        Long missedTo = rules == Rules.SPOT ? depth.firstUpdateId() - 1
                : depth.prevUpdateId() != null && depth.prevUpdateId() > bookId ? depth.prevUpdateId() : null;
        String reason = rules == Rules.SPOT
                ? "update ids jump from " + bookId + " to " + depth.firstUpdateId() + "; resyncing the book"
                : "prevUpdateId " + depth.prevUpdateId() + " does not follow " + bookId + "; resyncing the book";
        LOG.warn("{}: {}", bookChannel, reason);
        announceGap("gap", reason, missedFrom, missedTo);
        resyncing = true;
    }

    private void onStaleSnapshot() {
        staleSnapshots++;
        metrics.staleSnapshot(bookChannel);
        LOG.info("{}: snapshot {} is older than the buffered diffs; fetching another", bookChannel, bookId);
    }

    /** Asks for a snapshot; the diffs buffered so far wait for it. Must be the caller's last step (may complete inline). */
    private void requestSnapshot() {
        state = State.AWAITING_SNAPSHOT;
        firstAfterSnapshot = false;
        int thisRequest = ++request;
        snapshots.fetch(venue, symbol).whenComplete((snapshot, error) -> onSnapshot(thisRequest, snapshot, error));
    }

    private synchronized void onSnapshot(int forRequest, DepthSnapshot snapshot, Throwable error) {
        if (forRequest != request || state != State.AWAITING_SNAPSHOT) {
            return; // superseded by a later request
        }
        if (error != null) {
            LOG.warn("{}: snapshot failed ({}); trying again", bookChannel, error.toString());
            requestSnapshot();
            return;
        }
        invalidate();
        book.apply(snapshot.bids(), snapshot.asks());
        bookId = snapshot.lastUpdateId();
        firstAfterSnapshot = true;
        state = State.LIVE;
        metrics.snapshotApplied(bookChannel);
        List<MarketEvent> pending = new ArrayList<>(buffered);
        buffered.clear();
        MarketEvent lastApplied = null;
        for (int i = 0; i < pending.size(); i++) {
            MarketEvent event = pending.get(i);
            Step step = applyInOrder(event, (Depth) event.payload());
            if (step == Step.APPLIED) {
                lastApplied = event;
            } else if (step == Step.BROKEN) {
                // stale snapshot, or a hole inside the buffer: keep this diff and the rest for the next snapshot
                buffered.addAll(pending.subList(i, pending.size()));
                requestSnapshot();
                return;
            }
        }
        if (resyncing) {
            resyncing = false;
            announceResynced("book rebuilt from snapshot " + snapshot.lastUpdateId() + ", now at " + bookId);
        }
        publish(lastApplied != null ? lastApplied : pending.get(pending.size() - 1), bookId, null);
    }

    @Override
    synchronized boolean isLive() {
        return state == State.LIVE;
    }

    String venue() {
        return venue;
    }

    synchronized long bookId() {
        return bookId;
    }

    synchronized long staleSnapshots() {
        return staleSnapshots;
    }

    /**
     * Starts an integrity probe: remembers the book id and, from now on, every price the diffs change. False when the
     * book is not live or its previous probe has not ended (one at a time, so no probe loses the prices it needs).
     */
    synchronized boolean beginProbe() {
        if (state != State.LIVE || touchedSinceProbe != null) {
            return false;
        }
        touchedSinceProbe = new HashSet<>();
        probeStartId = bookId;
        return true;
    }

    /**
     * Completes with the levels that differ between the book and a snapshot taken after {@link #beginProbe}, once the
     * book has reached the snapshot's update id (diffs still in flight would otherwise count as drift). Only prices no
     * diff has touched since the probe began count (their value cannot have changed in between), within the
     * snapshot's top {@code depth} price range. Completes with -1 when the comparison is not possible (book
     * restarted, old snapshot).
     */
    synchronized CompletableFuture<Integer> endProbe(DepthSnapshot snapshot, int depth) {
        if (touchedSinceProbe == null || state != State.LIVE || snapshot.lastUpdateId() < probeStartId) {
            touchedSinceProbe = null;
            return CompletableFuture.completedFuture(-1);
        }
        probeSnapshot = snapshot;
        probeDepth = depth;
        probeResult = new CompletableFuture<>();
        CompletableFuture<Integer> result = probeResult;
        compareProbeIfCaughtUp();
        return result;
    }

    /** Ends a probe whose snapshot could not be fetched. */
    synchronized void abortProbe() {
        finishProbe(-1);
    }

    private void compareProbeIfCaughtUp() {
        if (probeResult != null && bookId >= probeSnapshot.lastUpdateId()) {
            finishProbe(differing(probeSnapshot.bids(), book.bids(Integer.MAX_VALUE), "b", touchedSinceProbe, probeDepth, true)
                    + differing(probeSnapshot.asks(), book.asks(Integer.MAX_VALUE), "a", touchedSinceProbe, probeDepth, false));
        }
    }

    private void finishProbe(int drift) {
        CompletableFuture<Integer> result = probeResult;
        touchedSinceProbe = null;
        probeSnapshot = null;
        probeResult = null;
        if (result != null) {
            result.complete(drift);
        }
    }

    private static int differing(List<PriceLevel> expected, List<PriceLevel> actual, String side, Set<String> touched,
                                 int depth, boolean bids) {
        List<PriceLevel> top = expected.subList(0, Math.min(depth, expected.size()));
        if (top.isEmpty()) {
            return 0;
        }
        BigDecimal worst = new BigDecimal(top.get(top.size() - 1).price());
        Map<BigDecimal, BigDecimal> want = new HashMap<>();
        top.stream().filter(l -> !touched.contains(side + l.price()))
                .forEach(l -> want.put(new BigDecimal(l.price()).stripTrailingZeros(), new BigDecimal(l.qty())));
        int diff = 0;
        for (PriceLevel level : actual) {
            BigDecimal price = new BigDecimal(level.price());
            if (bids ? price.compareTo(worst) < 0 : price.compareTo(worst) > 0) {
                break;
            }
            if (touched.contains(side + level.price())) {
                continue;
            }
            BigDecimal qty = want.remove(price.stripTrailingZeros());
            if (qty == null || qty.compareTo(new BigDecimal(level.qty())) != 0) {
                diff++;
            }
        }
        return diff + want.size();
    }
}
