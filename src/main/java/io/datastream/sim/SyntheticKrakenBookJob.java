package io.datastream.sim;

import io.datastream.model.PriceLevel;
import io.datastream.normalize.KrakenChecksum;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kraken books from one {@link SimDepthBook} per symbol, changed at a steady rate and sent on {@code book:<SYMBOL>}
 * as the exchange does: every subscribe is answered with a fresh snapshot (see {@link BookSnapshots}), then
 * <ul>
 * <li>spot v2: one {@code update} per change, holding the levels that changed within the subscribed depth
 * ({@link #SPOT_DEPTH}) and those that moved into it, with the CRC32 of the top 10 levels; levels pushed out of the
 * depth are not sent (clients truncate);</li>
 * <li>futures: one {@code book} delta per changed level, {@code seq} + 1 each per product.</li>
 * </ul>
 */
final class SyntheticKrakenBookJob extends FeedJob implements SyntheticBookFeed {

    private static final int SPOT_DEPTH = KRAKEN_SPOT_DEPTH;
    private static final long TICK_MILLIS = 5;
    private static final long FIRST_SEQ = 1_000;

    private final boolean spot;
    private final BookSnapshots snapshots;
    private final int updatesPerSecond;
    /** By native symbol (BTC/USD, PF_XBTUSD). */
    private final Map<String, SimDepthBook> books = new LinkedHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Set<String> skipNext = ConcurrentHashMap.newKeySet();
    private final Set<String> corruptNext = ConcurrentHashMap.newKeySet();
    // event-loop only
    private final Map<String, Long> changes = new LinkedHashMap<>();
    private long startNanos;

    SyntheticKrakenBookJob(ExchangeSimulator simulator, ExchangeProtocol protocol, SyntheticMarket market,
                           List<String> symbols, int updatesPerSecondPerSymbol) {
        super(simulator, protocol, symbols.stream().map(s -> stream(SyntheticMarket.nativeSymbol(s))).toList());
        this.spot = market == SyntheticMarket.KRAKEN_SPOT;
        this.snapshots = protocol.bookSnapshots().orElseThrow();
        this.updatesPerSecond = updatesPerSecondPerSymbol;
        for (String symbol : symbols) {
            String name = SyntheticMarket.nativeSymbol(symbol);
            books.put(name, new SimDepthBook(name, 7 + books.size(), FIRST_SEQ));
            sent.put(name, new AtomicLong());
            changes.put(name, 0L);
            snapshots.serve(stream(name), () -> snapshot(name));
        }
    }

    private static String stream(String nativeSymbol) {
        return "book:" + nativeSymbol;
    }

    @Override
    protected void begin() {
        startNanos = System.nanoTime();
        every(TICK_MILLIS, this::tick);
    }

    @Override
    protected void onStop() {
        books.keySet().forEach(symbol -> snapshots.stopServing(stream(symbol)));
    }

    private void tick() {
        if (isStopped() || simulator.isStalled()) {
            return;
        }
        long due = (System.nanoTime() - startNanos) * updatesPerSecond / 1_000_000_000L;
        long now = System.currentTimeMillis();
        books.forEach((symbol, book) -> {
            for (long made = changes.get(symbol); made < due; made++) {
                List<String> frames = spot ? spotUpdate(symbol, book, now) : futuresDeltas(symbol, book, now);
                changes.put(symbol, made + 1);
                if (frames.isEmpty() || skipNext.remove(symbol)) {
                    continue; // nothing within the subscribed depth changed, or the subscribers never hear of it
                }
                frames.forEach(frame -> deliver(StreamEvent.of(stream(symbol), frame)));
                sent.get(symbol).incrementAndGet();
            }
        });
    }

    private String snapshot(String symbol) {
        SimDepthBook book = books.get(symbol);
        long now = System.currentTimeMillis();
        if (spot) {
            List<PriceLevel> bids = book.bids(SPOT_DEPTH);
            List<PriceLevel> asks = book.asks(SPOT_DEPTH);
            return KrakenBooks.spot("snapshot", symbol, bids, asks, KrakenChecksum.of(asks, bids), now);
        }
        return KrakenBooks.futuresSnapshot(symbol, book.lastUpdateId(), book.bids(Integer.MAX_VALUE),
                book.asks(Integer.MAX_VALUE), now);
    }

    /** One change as a spot update, or nothing when no level within the subscribed depth changed. */
    private List<String> spotUpdate(String symbol, SimDepthBook book, long now) {
        List<PriceLevel> bidsBefore = book.bids(SPOT_DEPTH);
        List<PriceLevel> asksBefore = book.asks(SPOT_DEPTH);
        Set<String> removed = new HashSet<>();
        book.change().stream().filter(c -> c.qty().equals(SimDepthBook.REMOVED))
                .forEach(c -> removed.add((c.bid() ? "b" : "a") + c.price()));
        List<PriceLevel> bids = book.bids(SPOT_DEPTH);
        List<PriceLevel> asks = book.asks(SPOT_DEPTH);
        List<PriceLevel> bidChanges = windowChanges(bidsBefore, bids, removed, "b");
        List<PriceLevel> askChanges = windowChanges(asksBefore, asks, removed, "a");
        if (bidChanges.isEmpty() && askChanges.isEmpty()) {
            return List.of();
        }
        long checksum = KrakenChecksum.of(asks, bids);
        if (corruptNext.remove(symbol)) {
            checksum = (checksum + 1) & 0xFFFF_FFFFL;
        }
        return List.of(KrakenBooks.spot("update", symbol, bidChanges, askChanges, checksum, now));
    }

    /**
     * What a client holding {@code before} must be told to hold {@code after}: new or changed levels, and removals of
     * levels that left the book; a level only pushed below the depth is not mentioned.
     */
    private static List<PriceLevel> windowChanges(List<PriceLevel> before, List<PriceLevel> after, Set<String> removed,
                                                  String side) {
        Map<String, String> old = new LinkedHashMap<>();
        before.forEach(level -> old.put(level.price(), level.qty()));
        List<PriceLevel> changed = new ArrayList<>();
        for (PriceLevel level : after) {
            if (!level.qty().equals(old.remove(level.price()))) {
                changed.add(level);
            }
        }
        old.keySet().stream().filter(price -> removed.contains(side + price))
                .forEach(price -> changed.add(new PriceLevel(price, SimDepthBook.REMOVED)));
        return changed;
    }

    /** One change as futures deltas, one per level, each the next {@code seq}. */
    private List<String> futuresDeltas(String symbol, SimDepthBook book, long now) {
        long seq = book.lastUpdateId();
        List<String> deltas = new ArrayList<>();
        for (SimDepthBook.Change change : book.change()) {
            deltas.add(KrakenBooks.futuresDelta(symbol, ++seq, change.bid(), new PriceLevel(change.price(), change.qty()), now));
        }
        return deltas;
    }

    @Override
    public long sent(String symbol) {
        AtomicLong count = sent.get(SyntheticMarket.nativeSymbol(symbol));
        return count == null ? 0 : count.get();
    }

    @Override
    public void skipNextUpdate(String symbol) {
        skipNext.add(SyntheticMarket.nativeSymbol(symbol));
    }

    @Override
    public void corruptNextChecksum(String symbol) {
        if (!spot) {
            throw new IllegalStateException("Kraken futures books carry no checksum");
        }
        corruptNext.add(SyntheticMarket.nativeSymbol(symbol));
    }

    @Override
    public String book(String symbol, int depth) {
        return simulator.callOnLoop(() -> {
            SimDepthBook book = books.get(SyntheticMarket.nativeSymbol(symbol));
            String snapshot = book.snapshot(depth);
            return "{" + snapshot.substring(snapshot.indexOf("\"bids\""));
        });
    }
}
