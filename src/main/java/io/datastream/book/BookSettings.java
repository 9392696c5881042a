package io.datastream.book;

import java.time.Duration;

/**
 * Book maintenance settings, from {@code datastream.book.*}.
 *
 * @param depth            levels per side in published {@code book} messages
 * @param throttle         least time between two {@code book} messages of one channel (zero: every change)
 * @param probeInterval    how often each Binance book is compared with a fresh REST snapshot (zero: never)
 * @param snapshotLimit    levels requested in Binance REST snapshots (weight grows with it)
 * @param krakenSpotDepth  Kraken spot subscription depth: the book is truncated to it after every update
 * @param maxBufferedDiffs diffs held per symbol while a snapshot is on its way; beyond, the sync starts over
 */
public record BookSettings(int depth, Duration throttle, Duration probeInterval, int snapshotLimit,
                           int krakenSpotDepth, int maxBufferedDiffs) {

    /** Kraken spot v2 book depths a subscription may ask for. */
    private static final int[] KRAKEN_DEPTHS = {10, 25, 100, 500, 1000};

    public static BookSettings defaults() {
        return new BookSettings(20, Duration.ZERO, Duration.ZERO, 1000, krakenDepthFor(20), 10_000);
    }

    /** The smallest Kraken subscription depth that covers {@code bookDepth} levels (20 → 25). */
    public static int krakenDepthFor(int bookDepth) {
        for (int depth : KRAKEN_DEPTHS) {
            if (depth >= bookDepth) {
                return depth;
            }
        }
        return KRAKEN_DEPTHS[KRAKEN_DEPTHS.length - 1];
    }
}
