package io.datastream.normalize;

import io.datastream.model.MarketEvent;
import java.util.List;

/** Turns one raw exchange WebSocket frame into normalized events. Implementations are thread-safe and stateless. */
public interface Normalizer {

    /** The exchange name this normalizer handles (channel prefix), e.g. {@code binance}. */
    String exchange();

    /**
     * Normalizes one text frame into 0..n events. Control frames (subscription acks, pongs, shutdown notices) give an
     * empty list.
     *
     * @throws BadFrameException if the frame cannot be understood; {@link BadFrameException#reason()} says why
     */
    List<MarketEvent> normalize(String frame, FrameContext ctx);
}
