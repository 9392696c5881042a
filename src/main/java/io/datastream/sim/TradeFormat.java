package io.datastream.sim;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * How one market's synthetic trade looks on the wire: the stream it travels on and its frame.
 *
 * @param stream  the simulator stream name from the exchange's native symbol ({@code BTCUSDT → btcusdt@trade},
 *                {@code BTC/USD → trade:BTC/USD})
 * @param payload the frame for one trade
 */
record TradeFormat(UnaryOperator<String> stream, Payload payload) {

    /** The frame of trade number {@code tradeId} (1, 2, 3, … per symbol) of a native symbol. */
    @FunctionalInterface
    interface Payload {
        String of(String nativeSymbol, long tradeId, long eventMillis);
    }

    static final TradeFormat BINANCE_SPOT_TRADE = new TradeFormat(s -> lower(s) + "@trade", BinanceTrades::trade);
    static final TradeFormat BINANCE_SPOT_AGG_TRADE = new TradeFormat(s -> lower(s) + "@aggTrade", BinanceTrades::aggTrade);
    static final TradeFormat BINANCE_USDM_AGG_TRADE = new TradeFormat(s -> lower(s) + "@aggTrade", BinanceTrades::usdmAggTrade);
    static final TradeFormat BINANCE_COINM_AGG_TRADE = new TradeFormat(s -> lower(s) + "@aggTrade", BinanceTrades::coinmAggTrade);
    static final TradeFormat KRAKEN_SPOT_TRADE = new TradeFormat(s -> "trade:" + s, KrakenTrades::spotTrade);
    static final TradeFormat KRAKEN_FUTURES_TRADE = new TradeFormat(s -> "trade:" + s, KrakenTrades::futuresTrade);

    private static String lower(String symbol) {
        return symbol.toLowerCase(Locale.ROOT);
    }
}
