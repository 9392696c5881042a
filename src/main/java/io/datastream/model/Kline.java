package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/** A candlestick; the channel type is {@code kline_<interval>}; times are epoch microseconds. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Kline(String interval, long openTime, long closeTime, String open, String high, String low,
                    String close, String volume, long trades, boolean closed) implements Payload {
    public Kline {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(high, "high");
        Objects.requireNonNull(low, "low");
        Objects.requireNonNull(close, "close");
        Objects.requireNonNull(volume, "volume");
    }
}
