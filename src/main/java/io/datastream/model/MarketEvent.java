package io.datastream.model;

import java.util.Objects;

/**
 * One normalized event: the channel it is published on, the exchange-native symbol ({@code BTCUSDT},
 * {@code BTC/USD}), exchange time {@code ts} and local receive time {@code recvTs} (epoch µs), and the payload.
 */
public record MarketEvent(Channel channel, String symbol, long ts, long recvTs, Payload payload) {

    public MarketEvent {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(payload, "payload");
    }

    public String type() {
        return channel.type();
    }

    /**
     * A status event on the data channel's {@code status} channel, stamped {@code ts = recvTs = nowMicros}, for the
     * exchange-native {@code symbol}.
     */
    public static MarketEvent status(Channel dataChannel, String symbol, String state, String reason, Long missedFrom,
                                     Long missedTo, long nowMicros) {
        return new MarketEvent(dataChannel.statusChannel(), symbol, nowMicros, nowMicros,
                new Status(state, reason, missedFrom, missedTo));
    }
}
