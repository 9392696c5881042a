package io.datastream.sim;

/** A running synthetic Binance depth feed; faults are injected per symbol. */
public interface SyntheticDepthFeed extends FeedHandle {

    /** Diffs sent so far for a symbol. */
    long sent(String symbol);

    /** The next diff of {@code symbol} changes the book but is not sent: subscribers see a gap in update ids. */
    void skipNextDiff(String symbol);

    /** The symbol's current update id. */
    long lastUpdateId(String symbol);
}
