package io.datastream.sim;

/** A running synthetic Kraken book feed (spot v2 or futures); faults are injected per symbol. */
public interface SyntheticBookFeed extends FeedHandle {

    /** Kraken spot books are served for subscriptions of this depth (DataStream's default for 20-level books). */
    int KRAKEN_SPOT_DEPTH = 25;

    /** Book update messages sent so far for a symbol (futures: groups of deltas, one group per change). */
    long sent(String symbol);

    /** The next change of {@code symbol}'s book is made but not sent: futures subscribers see a gap in {@code seq}. */
    void skipNextUpdate(String symbol);

    /** Kraken spot: the next update of {@code symbol} carries a wrong checksum; the levels it sends are right. */
    void corruptNextChecksum(String symbol);

    /** The simulator's own best {@code depth} levels of {@code symbol}: {@code {"bids":[["p","q"],…],"asks":[…]}}. */
    String book(String symbol, int depth);
}
