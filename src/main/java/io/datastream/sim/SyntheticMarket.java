package io.datastream.sim;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The market whose trades {@link SyntheticOptions} generates, each in its exchange's real format (one trade per
 * frame, numbered 1, 2, 3, … per symbol):
 * <ul>
 * <li>{@link #BINANCE_SPOT}: {@code <symbol>@trade} (and, with {@link SyntheticOptions#aggTrades()},
 * {@code <symbol>@aggTrade}) on any Binance path, as before markets existed;</li>
 * <li>{@link #BINANCE_USDM}: {@code <symbol>@aggTrade} to connections under {@code /market} only, where USD-M serves
 * trades since its 2026 URL split (Binance publishes no USD-M {@code @trade} example);</li>
 * <li>{@link #BINANCE_COINM}: {@code <symbol>@aggTrade} for {@code btcusd_perp}-style symbols (quantities in
 * contracts), on any Binance path: the simulator serves COIN-M and spot on the same root paths, so give them
 * different symbols;</li>
 * <li>{@link #KRAKEN_SPOT}: v2 {@code trade} updates on {@code /kraken/v2}, symbols as {@code BTC/USD},
 * {@code trade_id} = trade number;</li>
 * <li>{@link #KRAKEN_FUTURES}: {@code trade} messages on {@code /kraken-futures/ws/v1}, product ids as
 * {@code PF_XBTUSD}; {@code seq} = trade number and the {@code uid} (published as the trade id) carries it too,
 * see {@link #tradeNumber}.</li>
 * </ul>
 */
public enum SyntheticMarket {

    BINANCE_SPOT(BinanceProtocol.class, null, TradeFormat.BINANCE_SPOT_TRADE),
    BINANCE_USDM(BinanceProtocol.class, "/market", TradeFormat.BINANCE_USDM_AGG_TRADE),
    BINANCE_COINM(BinanceProtocol.class, null, TradeFormat.BINANCE_COINM_AGG_TRADE),
    KRAKEN_SPOT(KrakenSpotProtocol.class, null, TradeFormat.KRAKEN_SPOT_TRADE),
    KRAKEN_FUTURES(KrakenFuturesProtocol.class, null, TradeFormat.KRAKEN_FUTURES_TRADE);

    private final Class<? extends ExchangeProtocol> protocol;
    private final String pathPrefix;
    private final TradeFormat format;

    SyntheticMarket(Class<? extends ExchangeProtocol> protocol, String pathPrefix, TradeFormat format) {
        this.protocol = protocol;
        this.pathPrefix = pathPrefix;
        this.format = format;
    }

    /** The simulator stream a client subscribes to get this market's trades of a symbol (any case). */
    public String tradeStream(String symbol) {
        return format.stream().apply(nativeSymbol(symbol));
    }

    /**
     * The trade number (1, 2, 3, … per symbol) behind the {@code tradeId} DataStream publishes for a generated trade:
     * the number itself, except Kraken futures, whose trade id is the trade's {@code uid} (a UUID; the generated ones
     * carry the number in their last group). Real Kraken futures uids are random, so only generated ones are ordered.
     */
    public long tradeNumber(String tradeId) {
        return this == KRAKEN_FUTURES ? KrakenTrades.tradeNumberOfUid(tradeId) : Long.parseLong(tradeId);
    }

    /** Every symbol's native form is its upper case: BTCUSDT, BTCUSD_PERP, BTC/USD, PF_XBTUSD. */
    static String nativeSymbol(String symbol) {
        return symbol.toUpperCase(Locale.ROOT);
    }

    boolean servedBy(ExchangeProtocol candidate) {
        return protocol.isInstance(candidate);
    }

    /** The connections of the market's protocol that get its trades. */
    Predicate<SimConnection> recipients() {
        return pathPrefix == null ? c -> true : c -> pathPrefix.equals(c.endpoint().pathPrefix());
    }

    /** The frames each trade is sent as. */
    List<TradeFormat> formats(boolean aggTrades) {
        return aggTrades ? List.of(format, TradeFormat.BINANCE_SPOT_AGG_TRADE) : List.of(format);
    }
}
