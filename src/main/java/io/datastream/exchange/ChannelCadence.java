package io.datastream.exchange;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.datastream.model.Channel;
import org.apache.camel.util.TimeUtils;

/**
 * How long a channel may be silent on a live connection, for stream types the exchange pushes on a fixed cadence
 * (Binance klines every ~2 s, 24 h tickers and mark prices every 1–3 s): silence past that means the exchange dropped
 * the stream without a word, and the feed subscribes that channel again. Types without a cadence (trades, book
 * tickers, depth) can be quiet for hours on a quiet symbol and are never checked. Written
 * {@code exchange:type=duration, ...}; a type {@code kline} covers every {@code kline_<interval>}.
 */
public final class ChannelCadence {

    private final Map<String, Duration> timeouts;

    private ChannelCadence(Map<String, Duration> timeouts) {
        this.timeouts = Map.copyOf(timeouts);
    }

    public static ChannelCadence none() {
        return new ChannelCadence(Map.of());
    }

    /** Parses {@code binance:kline=60s, binance:ticker=60s}; throws IllegalArgumentException naming a bad entry. */
    public static ChannelCadence parse(String spec) {
        Map<String, Duration> timeouts = new LinkedHashMap<>();
        if (spec != null) {
            for (String entry : spec.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                String[] keyValue = entry.trim().split("=", 2);
                if (keyValue.length != 2 || !keyValue[0].contains(":")) {
                    throw new IllegalArgumentException("datastream.upstream.cadence-timeouts: '" + entry.trim()
                            + "' is not exchange:type=duration");
                }
                timeouts.put(keyValue[0].trim(), Duration.ofMillis(TimeUtils.toMilliSeconds(keyValue[1].trim())));
            }
        }
        return new ChannelCadence(timeouts);
    }

    /** The channel's silence limit, if its type has a cadence. */
    public Optional<Duration> timeout(Channel channel) {
        Duration exact = timeouts.get(channel.exchange() + ":" + channel.type());
        if (exact != null) {
            return Optional.of(exact);
        }
        int underscore = channel.type().indexOf('_');
        return underscore < 0 ? Optional.empty()
                : Optional.ofNullable(timeouts.get(channel.exchange() + ":" + channel.type().substring(0, underscore)));
    }

    boolean isEmpty() {
        return timeouts.isEmpty();
    }
}
