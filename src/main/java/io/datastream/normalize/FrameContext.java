package io.datastream.normalize;

import java.util.Objects;

/**
 * Where a frame came from: the exchange, the configured venue of the connection (Binance {@code spot}, {@code usdm},
 * {@code coinm}; the normalizer derives the channel market from it), and the local receive time in epoch µs.
 */
public record FrameContext(String exchange, String market, long recvTs) {
    public FrameContext {
        Objects.requireNonNull(exchange, "exchange");
        Objects.requireNonNull(market, "market");
    }
}
