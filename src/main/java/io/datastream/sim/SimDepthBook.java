package io.datastream.sim;

import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

/**
 * A synthetic Binance order book the simulator changes at random and serves both ways: as {@code depthUpdate} diffs
 * with contiguous update ids (spot rules) and as REST depth snapshots. Prices are ticks of 0.01 that never cross
 * (bids up to 100.00, asks from 100.01). Event-loop only.
 */
final class SimDepthBook {

    private static final int MID_TICK = 10_000;
    private static final int ACTIVE_TICKS = 60;

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

    /** Changes one to three levels and returns them as the next {@code depthUpdate} event. */
    String nextDiff(long eventTimeMillis) {
        StringBuilder bidJson = new StringBuilder();
        StringBuilder askJson = new StringBuilder();
        long first = lastUpdateId + 1;
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            boolean bid = random.nextBoolean();
            int offset = random.nextInt(ACTIVE_TICKS);
            int tick = bid ? MID_TICK - offset : MID_TICK + 1 + offset;
            String qty = random.nextInt(5) == 0 ? "0.000" : qty();
            NavigableMap<Integer, String> side = bid ? bids : asks;
            if (qty.equals("0.000")) {
                side.remove(tick);
            } else {
                side.put(tick, qty);
            }
            StringBuilder json = bid ? bidJson : askJson;
            json.append(json.length() == 0 ? "" : ",").append("[\"").append(price(tick)).append("\",\"").append(qty)
                    .append("\"]");
            lastUpdateId++;
        }
        return "{\"e\":\"depthUpdate\",\"E\":" + eventTimeMillis + ",\"s\":\"" + symbol + "\",\"U\":" + first
                + ",\"u\":" + lastUpdateId + ",\"b\":[" + bidJson + "],\"a\":[" + askJson + "]}";
    }

    /** The REST answer: the best {@code limit} levels per side as of {@link #lastUpdateId()}. */
    String snapshot(int limit) {
        StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(lastUpdateId).append(",\"bids\":[");
        levels(json, bids.descendingMap(), limit);
        json.append("],\"asks\":[");
        levels(json, asks, limit);
        return json.append("]}").toString();
    }

    long lastUpdateId() {
        return lastUpdateId;
    }

    private static void levels(StringBuilder json, Map<Integer, String> side, int limit) {
        int count = 0;
        for (Map.Entry<Integer, String> level : side.entrySet()) {
            if (count++ == limit) {
                break;
            }
            json.append(count == 1 ? "" : ",").append("[\"").append(price(level.getKey())).append("\",\"")
                    .append(level.getValue()).append("\"]");
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
