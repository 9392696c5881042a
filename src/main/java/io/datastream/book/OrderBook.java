package io.datastream.book;

import io.datastream.model.PriceLevel;
import io.datastream.normalize.KrakenChecksum;
import java.util.List;

/**
 * A price-sorted L2 book keyed by exact decimal value; each level keeps the exchange's own price and qty text for
 * output and checksums. Prices become longs at one scale per book (the largest seen so far), so {@code "45281.0"}
 * and {@code "45281.00"} are the same level. Not thread-safe: each synchronizer guards its own book.
 */
public final class OrderBook {

    private final BookSide bids = new BookSide(true);
    private final BookSide asks = new BookSide(false);
    private int scale;

    /** Applies absolute levels (qty zero removes); removing an absent level is normal and ignored. */
    public void apply(List<PriceLevel> bidLevels, List<PriceLevel> askLevels) {
        for (int i = 0; i < bidLevels.size(); i++) {
            put(bids, bidLevels.get(i));
        }
        for (int i = 0; i < askLevels.size(); i++) {
            put(asks, askLevels.get(i));
        }
    }

    public void putBid(PriceLevel level) {
        put(bids, level);
    }

    public void putAsk(PriceLevel level) {
        put(asks, level);
    }

    private void put(BookSide side, PriceLevel level) {
        String price = DecimalText.plain(level.price());
        String qty = DecimalText.plain(level.qty());
        if (price != level.price() || qty != level.qty()) {
            level = new PriceLevel(price, qty);
        }
        side.put(key(price), level, DecimalText.isZero(qty));
    }

    /** The book key of a price text at the current scale, growing the scale if the text has more decimals. */
    long key(String price) {
        int priceScale = DecimalText.scale(price);
        if (priceScale > scale) {
            long factor = DecimalText.powerOfTen(priceScale - scale);
            bids.rescale(factor);
            asks.rescale(factor);
            scale = priceScale;
        }
        return Math.multiplyExact(DecimalText.unscaled(price), DecimalText.powerOfTen(scale - priceScale));
    }

    /** Up to {@code n} bids, highest first. */
    public List<PriceLevel> bids(int n) {
        return bids.top(n);
    }

    /** Up to {@code n} asks, lowest first. */
    public List<PriceLevel> asks(int n) {
        return asks.top(n);
    }

    /** The bid at exactly this price, or null. */
    public PriceLevel bidAt(String price) {
        return bids.get(key(price));
    }

    /** The ask at exactly this price, or null. */
    public PriceLevel askAt(String price) {
        return asks.get(key(price));
    }

    public int bidCount() {
        return bids.size();
    }

    public int askCount() {
        return asks.size();
    }

    /** Keeps the best {@code depth} levels per side (Kraken: the subscribed depth). */
    public void truncate(int depth) {
        bids.truncate(depth);
        asks.truncate(depth);
    }

    /** Kraken's CRC32 of the current top 10 levels. */
    public long krakenChecksum() {
        return KrakenChecksum.of(asks.top(KrakenChecksum.LEVELS), bids.top(KrakenChecksum.LEVELS));
    }

    /** True when the best bid is at or above the best ask: a sign of a broken book. */
    public boolean isCrossed() {
        return bids.size() > 0 && asks.size() > 0 && bids.bestKey(0) >= asks.bestKey(0);
    }

    public void clear() {
        bids.clear();
        asks.clear();
    }
}
