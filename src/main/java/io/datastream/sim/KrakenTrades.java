package io.datastream.sim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Deterministic Kraken trade frames, derived from the trade number: spot WebSocket v2 {@code trade} updates and
 * futures v1 {@code trade} messages. Prices and quantities are JSON numbers, as Kraken sends them.
 */
final class KrakenTrades {

    /** RFC3339 with microseconds, as Kraken v2 writes times ({@code 2023-10-06T17:35:55.440295Z}). */
    static final DateTimeFormatter RFC3339_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private KrakenTrades() {
    }

    /**
     * A spot v2 {@code trade} update with one trade; {@code trade_id} is the trade number (Kraken's ids are sequential
     * per book). {@code symbol} as Kraken writes it, e.g. {@code BTC/USD}.
     */
    static String spotTrade(String symbol, long tradeId, long eventMillis) {
        return "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"" + symbol + "\",\"side\":\""
                + BinanceTrades.takerSide(tradeId) + "\",\"price\":" + price(tradeId) + ",\"qty\":" + spotQty(tradeId)
                + ",\"ord_type\":\"" + (tradeId % 5 == 0 ? "market" : "limit") + "\",\"trade_id\":" + tradeId
                + ",\"timestamp\":\"" + RFC3339_MICROS.format(Instant.ofEpochMilli(eventMillis)) + "\"}]}";
    }

    /**
     * A futures {@code trade} message; {@code product_id} e.g. {@code PF_XBTUSD}. Kraken's {@code uid} is a UUID and
     * is what the normalizer publishes as the trade id: here it carries the trade number in its last group
     * ({@link #tradeNumberOfUid}), so ids are in order per product. {@code seq} is the trade number too.
     */
    static String futuresTrade(String productId, long tradeId, long eventMillis) {
        return "{\"feed\":\"trade\",\"product_id\":\"" + productId + "\",\"uid\":\"" + uid(productId, tradeId)
                + "\",\"side\":\"" + BinanceTrades.takerSide(tradeId) + "\",\"type\":\"fill\",\"seq\":" + tradeId
                + ",\"time\":" + eventMillis + ",\"qty\":" + futuresQty(tradeId) + ",\"price\":" + price(tradeId) + "}";
    }

    /**
     * A version-4-shaped UUID: the product's hash in the first group, the trade number (below 2^48) in the last one as
     * 12 hex digits.
     */
    static String uid(String productId, long tradeId) {
        String hash = Integer.toHexString(productId.hashCode());
        String number = Long.toHexString(tradeId);
        return "00000000".substring(hash.length()) + hash + "-0000-4000-8000-" + "000000000000".substring(number.length()) + number;
    }

    /** The trade number a {@link #uid} carries. */
    static long tradeNumberOfUid(String uid) {
        int dash = uid.lastIndexOf('-');
        if (dash < 0 || uid.length() - dash - 1 != 12) {
            throw new IllegalArgumentException("not a synthetic Kraken futures uid: " + uid);
        }
        return Long.parseLong(uid, dash + 1, uid.length(), 16);
    }

    /** 100.00 to 109.99, as Binance's synthetic prices. */
    static String price(long tradeId) {
        return BinanceTrades.decimal(10_000 + (tradeId * 37) % 1_000, 2);
    }

    /** 0.00100000 to 0.10000000 (8 decimals, as Kraken spot quantities). */
    static String spotQty(long tradeId) {
        return BinanceTrades.decimal((1 + tradeId % 100) * 100_000, 8);
    }

    /** 0.0010 to 0.1000. */
    static String futuresQty(long tradeId) {
        return BinanceTrades.decimal((1 + tradeId % 100) * 10, 4);
    }
}
