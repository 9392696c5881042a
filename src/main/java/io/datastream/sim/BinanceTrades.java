package io.datastream.sim;

import java.math.BigDecimal;

/** Deterministic Binance spot trade and aggTrade payloads, derived from the trade id. */
final class BinanceTrades {

    private static final int PRICE_AND_QTY_SCALE = 8;

    private BinanceTrades() {
    }

    /** {@code <symbol>@trade} payload; {@code symbol} in upper case as Binance sends it. */
    static String trade(String symbol, long tradeId, long eventMillis) {
        return "{\"e\":\"trade\",\"E\":" + eventMillis + ",\"s\":\"" + symbol + "\",\"t\":" + tradeId
                + ",\"p\":\"" + price(tradeId) + "\",\"q\":\"" + qty(tradeId) + "\",\"T\":" + eventMillis
                + ",\"m\":" + buyerIsMaker(tradeId) + ",\"M\":true}";
    }

    /** {@code <symbol>@aggTrade} payload aggregating exactly the one trade. */
    static String aggTrade(String symbol, long tradeId, long eventMillis) {
        return "{\"e\":\"aggTrade\",\"E\":" + eventMillis + ",\"s\":\"" + symbol + "\",\"a\":" + tradeId
                + ",\"p\":\"" + price(tradeId) + "\",\"q\":\"" + qty(tradeId) + "\",\"f\":" + tradeId + ",\"l\":" + tradeId
                + ",\"T\":" + eventMillis + ",\"m\":" + buyerIsMaker(tradeId) + ",\"M\":true}";
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
}
