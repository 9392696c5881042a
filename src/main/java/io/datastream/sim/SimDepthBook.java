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
 * {@code depthUpdate} diffs and REST depth snapshots, or its {@link #change() changes} and top levels for the Kraken
 * book feeds. Spot diffs have contiguous update ids. Futures diffs (USD-M, COIN-M) follow the futures rules: update
 * ids are market-wide, so they jump between one symbol's diffs, and each diff names the previous one's last id in
 * {@code pu}; a snapshot may catch the book in the middle of its next diff (Binance aggregates a diff over 100 ms
 * while the REST book is current), so the first diff after it straddles its id. Prices are ticks of 0.01 that never
 * cross (bids up to 100.00, asks from 100.01); quantities have three decimals. Event-loop only.
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
    private final boolean futures;
    private final Random random;
    private final NavigableMap<Integer, String> bids = new TreeMap<>();
    private final NavigableMap<Integer, String> asks = new TreeMap<>();
    private long lastUpdateId;
    /** Futures: the last update id of the previous diff sent, the next diff's {@code pu}. */
    private long previousDiffLastId;
    /** Futures: the next diff's changes when a snapshot caught the book in the middle of it, and how many are in. */
    private List<Change> pendingDiff = List.of();
    private int pendingApplied;
    private long pendingFirstId;
    private boolean splitDiffsAtSnapshots;

    /** A book whose diffs follow the spot rules. */
    SimDepthBook(String symbol, long seed, long firstUpdateId) {
        this(symbol, seed, firstUpdateId, false);
    }

    /** @param futures diffs in the USD-M / COIN-M form ({@code pu}, {@code T}, COIN-M {@code ps}; market-wide ids) */
    SimDepthBook(String symbol, long seed, long firstUpdateId, boolean futures) {
        this.symbol = symbol;
        this.futures = futures;
        this.random = new Random(seed);
        this.lastUpdateId = firstUpdateId - 1;
        this.previousDiffLastId = lastUpdateId;
        for (int i = 0; i < ACTIVE_TICKS; i++) {
            bids.put(MID_TICK - i, qty());
            asks.put(MID_TICK + 1 + i, qty());
        }
    }

    /** Changes one to three levels at random, each counting as one update id. */
    List<Change> change() {
        List<Change> changes = draw();
        changes.forEach(this::apply);
        return changes;
    }

    /** One to three random level changes, not applied yet. */
    private List<Change> draw() {
        int count = 1 + random.nextInt(3);
        List<Change> changes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean bid = random.nextBoolean();
            int offset = random.nextInt(ACTIVE_TICKS);
            int tick = bid ? MID_TICK - offset : MID_TICK + 1 + offset;
            changes.add(new Change(bid, price(tick), random.nextInt(5) == 0 ? REMOVED : qty()));
        }
        return changes;
    }

    private void apply(Change change) {
        NavigableMap<Integer, String> side = change.bid() ? bids : asks;
        int tick = tick(change.price());
        if (change.qty().equals(REMOVED)) {
            side.remove(tick);
        } else {
            side.put(tick, change.qty());
        }
        lastUpdateId++;
    }

    /** Changes one to three levels and returns them as the next {@code depthUpdate} event. */
    String nextDiff(long eventTimeMillis) {
        if (!futures) {
            long first = lastUpdateId + 1;
            return diff(eventTimeMillis, first, change(), "");
        }
        if (pendingDiff.isEmpty()) {
            drawNextFuturesDiff();
        }
        while (pendingApplied < pendingDiff.size()) {
            apply(pendingDiff.get(pendingApplied++));
        }
        List<Change> changes = pendingDiff;
        pendingDiff = List.of();
        long previous = previousDiffLastId;
        previousDiffLastId = lastUpdateId;
        return diff(eventTimeMillis, pendingFirstId, changes, ",\"pu\":" + previous);
    }

    private void drawNextFuturesDiff() {
        lastUpdateId += random.nextInt(4); // updates of the market's other symbols: futures ids are market-wide
        pendingFirstId = lastUpdateId + 1;
        pendingDiff = draw();
        pendingApplied = 0;
    }

    private String diff(long eventTimeMillis, long first, List<Change> changes, String prevField) {
        StringBuilder bidJson = new StringBuilder();
        StringBuilder askJson = new StringBuilder();
        for (Change change : changes) {
            StringBuilder json = change.bid() ? bidJson : askJson;
            json.append(json.length() == 0 ? "" : ",").append("[\"").append(change.price()).append("\",\"")
                    .append(change.qty()).append("\"]");
        }
        // futures diffs also carry the transaction time, COIN-M ones the pair (BTCUSD of BTCUSD_PERP)
        String times = futures ? ",\"T\":" + eventTimeMillis : "";
        int underscore = symbol.indexOf('_');
        String pair = futures && underscore > 0 ? ",\"ps\":\"" + symbol.substring(0, underscore) + "\"" : "";
        return "{\"e\":\"depthUpdate\",\"E\":" + eventTimeMillis + times + ",\"s\":\"" + symbol + "\"" + pair
                + ",\"U\":" + first + ",\"u\":" + lastUpdateId + prevField + ",\"b\":[" + bidJson + "],\"a\":["
                + askJson + "]}";
    }

    /**
     * Futures only: from now on (while {@code split}) a snapshot taken between two diffs first applies part of the
     * next diff, so its id lies inside that diff's range ({@code U <= lastUpdateId <= u}).
     */
    void splitDiffsAtSnapshots(boolean split) {
        splitDiffsAtSnapshots = split && futures;
    }

    /** Whether the book holds changes of a diff not sent yet (a snapshot caught it mid-diff). */
    boolean isMidDiff() {
        return !pendingDiff.isEmpty();
    }

    /** The REST answer: the best {@code limit} levels per side as of {@link #lastUpdateId()}. */
    String snapshot(int limit) {
        if (splitDiffsAtSnapshots && pendingDiff.isEmpty()) {
            drawNextFuturesDiff();
            int half = (pendingDiff.size() + 1) / 2;
            while (pendingApplied < half) {
                apply(pendingDiff.get(pendingApplied++));
            }
        }
        StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(lastUpdateId);
        if (futures) {
            long now = System.currentTimeMillis();
            json.append(",\"E\":").append(now).append(",\"T\":").append(now);
        }
        json.append(",\"bids\":[");
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

    private static int tick(String price) {
        return Integer.parseInt(price.replace(".", ""));
    }

    private static String price(int tick) {
        return (tick / 100) + "." + String.format("%02d", tick % 100);
    }
}
