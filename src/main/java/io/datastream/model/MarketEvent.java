package io.datastream.model;

import java.util.Locale;
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
     * A status event on the data channel's {@code status} channel, stamped {@code ts = recvTs = nowMicros}. The symbol
     * is rebuilt from the channel symbol (upper case; Kraken spot {@code btc-usd → BTC/USD}).
     */
    public static MarketEvent status(Channel dataChannel, String state, String reason, Long missedFrom, Long missedTo,
                                     long nowMicros) {
        Channel channel = dataChannel.statusChannel();
        String symbol = channel.symbol().toUpperCase(Locale.ROOT);
        if ("kraken".equals(channel.exchange()) && "spot".equals(channel.market())) {
            symbol = symbol.replace('-', '/');
        }
        return new MarketEvent(channel, symbol, nowMicros, nowMicros, new Status(state, reason, missedFrom, missedTo));
    }
}
