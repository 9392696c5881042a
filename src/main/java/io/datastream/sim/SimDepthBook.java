package io.datastream.sim;

import io.datastream.model.PriceLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * A synthetic order book the simulator changes at random and serves in each exchange's form: Binance
 * {@code depthUpdate} diffs with contiguous update ids (spot rules) and REST depth snapshots, or its {@link #change()
 * changes} and top levels for the Kraken book feeds. Prices are ticks of 0.01 that never cross (bids up to 100.00,
 * asks from 100.01); quantities have three decimals. Event-loop only.
 */
final class SimDepthBook {

    /** The quantity text that removes a level. */
    static final String REMOVED = "0.000";
    private static final int MID_TICK = 10_000;
    private static final int ACTIVE_TICKS = 60;

    /** One changed level: its side, price and new quantity ({@link #REMOVED} when it went). */
    record Change(boolean bid, String price, String qty) {
    }

    private final String symbol;
    private final Random random;
    private final NavigableMap<Integer, String> bids = new TreeMap<>();
    private final NavigableMap<Integer, String> asks = new TreeMap<>();
    private long lastUpdateId;

    SimDepthBook(String symbol, long seed, long firstUpdateId) {
        this.symbol = symbol;
        this.random = new Random(seed);
        this.lastUpdateId = firstUpdateId - 1;
        for (int i = 0; i < ACTIVE_TICKS; i++) {
            bids.put(MID_TICK - i, qty());
            asks.put(MID_TICK + 1 + i, qty());
        }
    }

    /** Changes one to three levels at random, each counting as one update id. */
    List<Change> change() {
        int count = 1 + random.nextInt(3);
        List<Change> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean bid = random.nextBoolean();
            int offset = random.nextInt(ACTIVE_TICKS);
            int tick = bid ? MID_TICK - offset : MID_TICK + 1 + offset;
            String qty = random.nextInt(5) == 0 ? REMOVED : qty();
            NavigableMap<Integer, String> side = bid ? bids : asks;
            if (qty.equals(REMOVED)) {
                side.remove(tick);
            } else {
                side.put(tick, qty);
            }
            changes.add(new Change(bid, price(tick), qty));
            lastUpdateId++;
        }
        return changes;
    }

    /** Changes one to three levels and returns them as the next {@code depthUpdate} event. */
    String nextDiff(long eventTimeMillis) {
        StringBuilder bidJson = new StringBuilder();
        StringBuilder askJson = new StringBuilder();
        long first = lastUpdateId + 1;
        for (Change change : change()) {
            StringBuilder json = change.bid() ? bidJson : askJson;
            json.append(json.length() == 0 ? "" : ",").append("[\"").append(change.price()).append("\",\"")
                    .append(change.qty()).append("\"]");
        }
        return "{\"e\":\"depthUpdate\",\"E\":" + eventTimeMillis + ",\"s\":\"" + symbol + "\",\"U\":" + first
                + ",\"u\":" + lastUpdateId + ",\"b\":[" + bidJson + "],\"a\":[" + askJson + "]}";
    }

    /** The REST answer: the best {@code limit} levels per side as of {@link #lastUpdateId()}. */
    String snapshot(int limit) {
        StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":[");
        levels(json, bids(limit));
        json.append("],\"asks\":[");
        levels(json, asks(limit));
        return json.append("]}").toString();
    }

    /** The best {@code n} bids, highest first. */
    List<PriceLevel> bids(int n) {
        return top(bids.descendingMap(), n);
    }

    /** The best {@code n} asks, lowest first. */
    List<PriceLevel> asks(int n) {
        return top(asks, n);
    }

    long lastUpdateId() {
        return lastUpdateId;
    }

    private static List<PriceLevel> top(Map<Integer, String> side, int n) {
        List<PriceLevel> top = new ArrayList<>(Math.min(n, side.size()));
        for (Map.Entry<Integer, String> level : side.entrySet()) {
            if (top.size() == n) {
                break;
            }
            top.add(new PriceLevel(price(level.getKey()), level.getValue()));
        }
        return top;
    }

    private static void levels(StringBuilder json, List<PriceLevel> levels) {
        for (int i = 0; i < levels.size(); i++) {
            json.append(i == 0 ? "" : ",").append("[\"").append(levels.get(i).price()).append("\",\"")
                    .append(levels.get(i).qty()).append("\"]");
        }
    }

    private String qty() {
        int thousandths = 1 + random.nextInt(999_999);
        return (thousandths / 1000) + "." + String.format("%03d", thousandths % 1000);
    }

    private static String price(int tick) {
        return (tick / 100) + "." + String.format("%02d", tick % 100);
    }
}
