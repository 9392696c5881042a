package io.datastream.sim;

import java.math.BigDecimal;

/**
 * Deterministic Binance trade payloads (spot trade and aggTrade, USD-M and COIN-M aggTrade), derived from the trade id.
 * Symbols are upper case, as Binance sends them; prices and quantities are decimal strings.
 */
final class BinanceTrades {

    private static final int PRICE_AND_QTY_SCALE = 8;

    private BinanceTrades() {
    }

    /** Spot {@code <symbol>@trade} payload. */
    static String trade(String symbol, long tradeId, long eventMillis) {
        return "{\"e\":\"trade\",\"E\":" + eventMillis + ",\"s\":\"" + symbol + "\",\"t\":" + tradeId
                + ",\"p\":\"" + price(tradeId) + "\",\"q\":\"" + qty(tradeId) + "\",\"T\":" + eventMillis
                + ",\"m\":" + buyerIsMaker(tradeId) + ",\"M\":true}";
    }

    /** Spot {@code <symbol>@aggTrade} payload aggregating exactly the one trade. */
    static String aggTrade(String symbol, long tradeId, long eventMillis) {
        return "{\"e\":\"aggTrade\",\"E\":" + eventMillis + ",\"s\":\"" + symbol + "\",\"a\":" + tradeId
                + ",\"p\":\"" + price(tradeId) + "\",\"q\":\"" + qty(tradeId) + "\",\"f\":" + tradeId + ",\"l\":" + tradeId
                + ",\"T\":" + eventMillis + ",\"m\":" + buyerIsMaker(tradeId) + ",\"M\":true}";
    }

    /**
     * USD-M {@code <symbol>@aggTrade} payload (served under {@code /market}): the futures field order of the recorded
     * frames ({@code e,E,a,s,p,q,f,l,T,m}, no {@code M}); price with 2 decimals, quantity in the base asset.
     */
    static String usdmAggTrade(String symbol, long tradeId, long eventMillis) {
        return futuresAggTrade(symbol, tradeId, eventMillis, decimal(10_000 + (tradeId * 37) % 1_000, 2),
                decimal(1 + tradeId % 100, 3));
    }

    /** COIN-M {@code <symbol>@aggTrade} payload ({@code BTCUSD_PERP}-style symbols): quantity in whole contracts. */
    static String coinmAggTrade(String symbol, long tradeId, long eventMillis) {
        return futuresAggTrade(symbol, tradeId, eventMillis, decimal(10_000 + (tradeId * 37) % 1_000, 2),
                Long.toString(1 + tradeId % 100));
    }

    private static String futuresAggTrade(String symbol, long tradeId, long eventMillis, String price, String qty) {
        return "{\"e\":\"aggTrade\",\"E\":" + eventMillis + ",\"a\":" + tradeId + ",\"s\":\"" + symbol + "\",\"p\":\"" + price
                + "\",\"q\":\"" + qty + "\",\"f\":" + tradeId + ",\"l\":" + tradeId + ",\"T\":" + eventMillis
                + ",\"m\":" + buyerIsMaker(tradeId) + "}";
    }

    /** 100.00 to 109.99, stepping by a prime so consecutive trades move the price. */
    static String price(long tradeId) {
        return BigDecimal.valueOf(10_000 + (tradeId * 37) % 1_000, 2).setScale(PRICE_AND_QTY_SCALE).toPlainString();
    }

    /** 0.001 to 0.100. */
    static String qty(long tradeId) {
        return BigDecimal.valueOf(1 + tradeId % 100, 3).setScale(PRICE_AND_QTY_SCALE).toPlainString();
    }

    static boolean buyerIsMaker(long tradeId) {
        return tradeId % 2 == 0;
    }

    /** The taker side Binance's {@code m} stands for: buyer is maker means the taker sold. */
    static String takerSide(long tradeId) {
        return buyerIsMaker(tradeId) ? "sell" : "buy";
    }

    static String decimal(long unscaled, int scale) {
        return BigDecimal.valueOf(unscaled, scale).toPlainString();
    }
}
