package io.datastream.sim;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Sends Binance {@code <symbol>@depth@100ms} diffs from one {@link SimDepthBook} per symbol at a steady rate, in the
 * market's form (spot; USD-M under {@code /public} and COIN-M with the futures fields and rules), and lets
 * {@link BinanceRestDepth} serve snapshots of the same books. Starts once the depth streams are subscribed.
 */
final class SyntheticDepthJob extends FeedJob implements SyntheticDepthFeed {

    private static final long TICK_MILLIS = 5;
    private static final long FIRST_UPDATE_ID = 1_000_000;

    private final List<String> symbols;
    private final int diffsPerSecond;
    private final Predicate<SimConnection> recipients;
    private final Map<String, SimDepthBook> books = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();
    private final Set<String> skipNext = ConcurrentHashMap.newKeySet();
    // event-loop only
    private long startNanos;
    private long ticks;

    SyntheticDepthJob(ExchangeSimulator simulator, ExchangeProtocol protocol, BinanceRestDepth rest,
                      SyntheticMarket market, List<String> symbols, int diffsPerSecond) {
        super(simulator, protocol, symbols.stream().map(s -> s.toLowerCase(Locale.ROOT) + "@depth@100ms").toList());
        this.symbols = symbols.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.diffsPerSecond = diffsPerSecond;
        // USD-M serves book data under /public since its 2026 URL split; spot and COIN-M on every path
        this.recipients = market == SyntheticMarket.BINANCE_USDM ? c -> "/public".equals(c.endpoint().pathPrefix()) : c -> true;
        boolean futures = market != SyntheticMarket.BINANCE_SPOT;
        for (int i = 0; i < this.symbols.size(); i++) {
            String upper = this.symbols.get(i).toUpperCase(Locale.ROOT);
            SimDepthBook book = new SimDepthBook(upper, 42 + i, FIRST_UPDATE_ID, futures);
            book.splitDiffsAtSnapshots(futures);
            books.put(this.symbols.get(i), book);
            sent.put(this.symbols.get(i), new AtomicLong());
            rest.serve(upper, book);
        }
    }

    @Override
    protected void begin() {
        startNanos = System.nanoTime();
        every(TICK_MILLIS, this::tick);
    }

    private void tick() {
        if (isStopped() || simulator.isStalled()) {
            return;
        }
        ticks++;
        long due = (System.nanoTime() - startNanos) * diffsPerSecond / 1_000_000_000L;
        long now = System.currentTimeMillis();
        for (String symbol : symbols) {
            AtomicLong count = sent.get(symbol);
            SimDepthBook book = books.get(symbol);
            while (count.get() < due) {
                String diff = book.nextDiff(now);
                count.incrementAndGet();
                if (skipNext.remove(symbol)) {
                    continue; // the book moved on, the subscribers never hear of it
                }
                deliver(StreamEvent.of(symbol + "@depth@100ms", diff), recipients);
            }
        }
    }

    /** Snapshots no longer split diffs; a diff a snapshot caught half applied goes out, so the books end complete. */
    @Override
    protected void onStop() {
        long now = System.currentTimeMillis();
        for (String symbol : symbols) {
            SimDepthBook book = books.get(symbol);
            book.splitDiffsAtSnapshots(false);
            if (book.isMidDiff()) {
                deliver(StreamEvent.of(symbol + "@depth@100ms", book.nextDiff(now)), recipients);
            }
        }
    }

    @Override
    public long sent(String symbol) {
        AtomicLong count = sent.get(symbol.toLowerCase(Locale.ROOT));
        return count == null ? 0 : count.get();
    }

    @Override
    public void skipNextDiff(String symbol) {
        skipNext.add(symbol.toLowerCase(Locale.ROOT));
    }

    @Override
    public long lastUpdateId(String symbol) {
        SimDepthBook book = books.get(symbol.toLowerCase(Locale.ROOT));
        return book == null ? -1 : book.lastUpdateId();
    }
}
