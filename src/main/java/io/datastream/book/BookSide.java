package io.datastream.book;

import io.datastream.model.PriceLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One side of an L2 book as parallel sorted arrays (price key, level), best level last: updates cluster near the
 * top of the book, so inserting and removing there moves few elements. Asks store negated keys to share the order.
 */
final class BookSide {

    private static final int INITIAL_CAPACITY = 64;

    private final boolean bids;
    private long[] keys = new long[INITIAL_CAPACITY];
    private PriceLevel[] levels = new PriceLevel[INITIAL_CAPACITY];
    private int size;

    BookSide(boolean bids) {
        this.bids = bids;
    }

    /** Sets the level at {@code price} (a key at the book's scale); a zero qty removes it. */
    void put(long price, PriceLevel level, boolean remove) {
        long key = bids ? price : -price;
        int at = Arrays.binarySearch(keys, 0, size, key);
        if (at >= 0) {
            if (remove) {
                System.arraycopy(keys, at + 1, keys, at, size - at - 1);
                System.arraycopy(levels, at + 1, levels, at, size - at - 1);
                levels[--size] = null;
            } else {
                levels[at] = level;
            }
        } else if (!remove) {
            insert(-at - 1, key, level);
        }
    }

    private void insert(int at, long key, PriceLevel level) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            levels = Arrays.copyOf(levels, size * 2);
        }
        System.arraycopy(keys, at, keys, at + 1, size - at);
        System.arraycopy(levels, at, levels, at + 1, size - at);
        keys[at] = key;
        levels[at] = level;
        size++;
    }

    /** The level at {@code price}, or null. */
    PriceLevel get(long price) {
        int at = Arrays.binarySearch(keys, 0, size, bids ? price : -price);
        return at >= 0 ? levels[at] : null;
    }

    /** The {@code rank}-th best level (0 = best). */
    PriceLevel best(int rank) {
        return levels[size - 1 - rank];
    }

    /** The price key of the {@code rank}-th best level. */
    long bestKey(int rank) {
        long key = keys[size - 1 - rank];
        return bids ? key : -key;
    }

    /** Up to {@code n} levels, best first. */
    List<PriceLevel> top(int n) {
        int count = Math.min(n, size);
        List<PriceLevel> top = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            top.add(levels[size - 1 - i]);
        }
        return top;
    }

    /** Keeps the best {@code depth} levels. */
    void truncate(int depth) {
        int drop = size - depth;
        if (drop <= 0) {
            return;
        }
        System.arraycopy(keys, drop, keys, 0, depth);
        System.arraycopy(levels, drop, levels, 0, depth);
        Arrays.fill(levels, depth, size, null);
        size = depth;
    }

    /** Multiplies every key by {@code factor} when the book's scale grows; order is kept. */
    void rescale(long factor) {
        for (int i = 0; i < size; i++) {
            keys[i] = Math.multiplyExact(keys[i], factor);
        }
    }

    void clear() {
        Arrays.fill(levels, 0, size, null);
        size = 0;
    }

    int size() {
        return size;
    }
}
