package io.datastream.sim;

import io.datastream.model.PriceLevel;
import java.time.Instant;
import java.util.List;

/**
 * Kraken book frames: spot WebSocket v2 {@code book} snapshots and updates (with their checksum) and futures v1
 * {@code book_snapshot} and {@code book} deltas. Prices and quantities are JSON numbers written with the levels'
 * exact text, as Kraken sends them (the checksum is computed over that text).
 */
final class KrakenBooks {

    private KrakenBooks() {
    }

    /** A spot v2 {@code book} message; {@code type} is {@code snapshot} or {@code update}. */
    static String spot(String type, String symbol, List<PriceLevel> bids, List<PriceLevel> asks, long checksum,
                       long eventMillis) {
        StringBuilder json = new StringBuilder("{\"channel\":\"book\",\"type\":\"").append(type)
                .append("\",\"data\":[{\"symbol\":\"").append(symbol).append("\",\"bids\":[");
        levels(json, bids);
        json.append("],\"asks\":[");
        levels(json, asks);
        return json.append("],\"checksum\":").append(checksum).append(",\"timestamp\":\"")
                .append(KrakenTrades.RFC3339_MICROS.format(Instant.ofEpochMilli(eventMillis))).append("\"}]}").toString();
    }

    /** A futures {@code book_snapshot} at {@code seq}. */
    static String futuresSnapshot(String productId, long seq, List<PriceLevel> bids, List<PriceLevel> asks,
                                  long eventMillis) {
        StringBuilder json = new StringBuilder("{\"feed\":\"book_snapshot\",\"product_id\":\"").append(productId)
                .append("\",\"timestamp\":").append(eventMillis).append(",\"seq\":").append(seq)
                .append(",\"tickSize\":null,\"bids\":[");
        levels(json, bids);
        json.append("],\"asks\":[");
        levels(json, asks);
        return json.append("]}").toString();
    }

    /** A futures {@code book} delta: one level's absolute quantity (0 removes it). */
    static String futuresDelta(String productId, long seq, boolean bid, PriceLevel level, long eventMillis) {
        return "{\"feed\":\"book\",\"product_id\":\"" + productId + "\",\"side\":\"" + (bid ? "buy" : "sell")
                + "\",\"seq\":" + seq + ",\"price\":" + level.price() + ",\"qty\":" + level.qty() + ",\"timestamp\":"
                + eventMillis + "}";
    }

    private static void levels(StringBuilder json, List<PriceLevel> levels) {
        for (int i = 0; i < levels.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"price\":").append(levels.get(i).price()).append(",\"qty\":")
                    .append(levels.get(i).qty()).append('}');
        }
    }
}
