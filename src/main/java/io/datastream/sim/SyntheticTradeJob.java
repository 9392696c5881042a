package io.datastream.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Predicate;

/**
 * Generates one market's trades ({@link SyntheticMarket}, formatted by its {@link TradeFormat}s) round-robin over
 * symbols at a target total rate. A 1 ms periodic timer sends however many trades are due since the last rate
 * baseline, so high rates need no sub-millisecond timers.
 * Trade ids keep advancing while nobody is subscribed, like a real market.
 */
final class SyntheticTradeJob extends FeedJob implements SyntheticFeed {

    private static final long TICK_MILLIS = 1;
    /**
     * Most trades one tick sends. A loop that fell behind (a starved CPU) pays its debt over the following ticks
     * instead of in one long burst, so its sockets, other feeds and {@link #stop()} are served in between.
     */
    private static final long MAX_TRADES_PER_TICK = 1_000;

    private final SyntheticOptions options;
    private final List<String> symbols;
    private final List<String> nativeSymbols;
    private final List<TradeFormat> formats;
    /** Stream of each format (outer) for each symbol (inner). */
    private final List<List<String>> streams;
    private final Predicate<SimConnection> recipients;
    private final AtomicLongArray sentPerSymbol;
    private final AtomicLong sent = new AtomicLong();
    // event-loop only
    private boolean congested;
    private long baselineNanos;
    private long baselineSent;
    private int cursor;

    SyntheticTradeJob(ExchangeSimulator simulator, ExchangeProtocol protocol, SyntheticOptions options) {
        super(simulator, protocol, streamsOf(options));
        this.options = options;
        this.symbols = options.symbols();
        this.nativeSymbols = symbols.stream().map(SyntheticMarket::nativeSymbol).toList();
        this.formats = options.market().formats(options.aggTrades());
        this.streams = formats.stream().map(f -> nativeSymbols.stream().map(f.stream()).toList()).toList();
        this.recipients = options.market().recipients();
        this.sentPerSymbol = new AtomicLongArray(symbols.size());
    }

    private static List<String> streamsOf(SyntheticOptions options) {
        List<String> streams = new ArrayList<>();
        for (String symbol : options.symbols()) {
            for (TradeFormat format : options.market().formats(options.aggTrades())) {
                streams.add(format.stream().apply(SyntheticMarket.nativeSymbol(symbol)));
            }
        }
        return streams;
    }

    @Override
    protected void begin() {
        rebaseline();
        every(TICK_MILLIS, this::tick);
    }

    private void tick() {
        if (isStopped() || congested) {
            return;
        }
        if (simulator.isStalled()) {
            // a stall is not a debt to pay back in a burst afterwards
            rebaseline();
            return;
        }
        long due = Math.min(MAX_TRADES_PER_TICK,
                (long) ((System.nanoTime() - baselineNanos) * options.ratePerSecond() / 1e9) - (sent.get() - baselineSent));
        for (; due > 0; due--) {
            int symbol = nextSymbol();
            if (symbol < 0) {
                break;
            }
            if (sendNextTrade(symbol)) {
                return;
            }
        }
        if (allSymbolsDone()) {
            stopTicking();
            finish();
        }
    }

    /** Sends one trade in each of the market's formats; true when a client is congested and sending must pause. */
    private boolean sendNextTrade(int symbol) {
        long tradeId = sentPerSymbol.incrementAndGet(symbol);
        sent.incrementAndGet();
        long now = System.currentTimeMillis();
        String nativeSymbol = nativeSymbols.get(symbol);
        ConnectionRegistry.Delivery worst = null;
        for (int f = 0; f < formats.size(); f++) {
            String payload = formats.get(f).payload().of(nativeSymbol, tradeId, now);
            ConnectionRegistry.Delivery delivery = deliver(StreamEvent.of(streams.get(f).get(symbol), payload), recipients);
            if (worst == null || worst.congested() == null) {
                worst = delivery;
            }
        }
        if (pauseIfCongested(worst, this::resumeAfterDrain)) {
            congested = true;
            return true;
        }
        return false;
    }

    private void resumeAfterDrain() {
        congested = false;
        // the target rate applies from now on; time spent waiting is not made up in a burst
        rebaseline();
    }

    private void rebaseline() {
        baselineNanos = System.nanoTime();
        baselineSent = sent.get();
    }

    private boolean allSymbolsDone() {
        if (options.countPerSymbol() == 0) {
            return false;
        }
        for (int i = 0; i < symbols.size(); i++) {
            if (sentPerSymbol.get(i) < options.countPerSymbol()) {
                return false;
            }
        }
        return true;
    }

    /** Next symbol round-robin that still has trades to send, or -1 when all are done. */
    private int nextSymbol() {
        for (int i = 0; i < symbols.size(); i++) {
            int candidate = (cursor + i) % symbols.size();
            if (options.countPerSymbol() == 0 || sentPerSymbol.get(candidate) < options.countPerSymbol()) {
                cursor = (candidate + 1) % symbols.size();
                return candidate;
            }
        }
        return -1;
    }

    @Override
    public long sent() {
        return sent.get();
    }

    @Override
    public long sent(String symbol) {
        int index = symbols.indexOf(symbol.toLowerCase(Locale.ROOT));
        return index < 0 ? 0 : sentPerSymbol.get(index);
    }
}
