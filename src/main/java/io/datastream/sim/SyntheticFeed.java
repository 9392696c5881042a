package io.datastream.sim;

/** Control of generated trades started by {@link ExchangeSimulator#generateTrades(SyntheticOptions)}. */
public interface SyntheticFeed extends FeedHandle {

    /** Trades generated over all symbols (each symbol's trade ids run 1, 2, 3, …). */
    long sent();

    /** Trades generated for one symbol, i.e. its last trade id. */
    long sent(String symbol);
}
