package io.datastream.normalize;

import java.util.Map;
import java.util.Optional;

/** Kraken OHLC intervals in minutes ↔ the Binance-style kline interval names used in channel types. */
public final class KrakenIntervals {

    private static final Map<Integer, String> NAME_BY_MINUTES = Map.of(1, "1m", 5, "5m", 15, "15m", 30, "30m", 60, "1h",
            240, "4h", 1440, "1d", 10080, "1w", 21600, "15d");

    private KrakenIntervals() {
    }

    public static Optional<String> name(int minutes) {
        return Optional.ofNullable(NAME_BY_MINUTES.get(minutes));
    }

    public static Optional<Integer> minutes(String name) {
        return NAME_BY_MINUTES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).findFirst();
    }
}
