package io.datastream.normalize;

import java.util.List;

import io.datastream.model.MarketEvent;

/**
 * Kraken market data: venue {@code spot} is WebSocket v2 ({@link KrakenSpotFrames}), venue {@code futures} is the
 * futures v1 feed ({@link KrakenFuturesFrames}). Stateless and thread-safe.
 */
public class KrakenNormalizer implements Normalizer {

    public static final String EXCHANGE = "kraken";
    public static final String SPOT = "spot";
    public static final String FUTURES = "futures";

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public List<MarketEvent> normalize(String frame, FrameContext ctx) {
        switch (ctx.market()) {
            case SPOT: return KrakenSpotFrames.normalize(frame, ctx.recvTs());
            case FUTURES: return KrakenFuturesFrames.normalize(frame, ctx.recvTs());
            default: throw new IllegalArgumentException("unknown kraken venue '" + ctx.market() + "' (known: spot, futures)");
        }
    }
}
