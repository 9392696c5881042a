package io.datastream.exchange;

import java.util.List;

import io.datastream.model.MarketEvent;
import io.datastream.model.Times;
import io.datastream.normalize.BadFrameException;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.Normalizer;
import io.datastream.normalize.NormalizerRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The route step that normalizes a raw frame with the normalizer registered under the {@code exchange} header.
 * In: body = frame text, headers {@code exchange}, {@code market} (venue), {@code recvTs}. Out: body = list of events.
 * A frame it cannot use fails the exchange with a {@link BadFrameException}, which the routes send to the dead letters.
 */
public final class NormalizeStep implements Processor {

    private final NormalizerRegistry registry;
    private final int maxFrameBytes;

    public NormalizeStep(NormalizerRegistry registry, int maxFrameBytes) {
        this.registry = registry;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String exchangeName = message.getHeader("exchange", String.class);
        String venue = message.getHeader("market", String.class);
        Long recvTs = message.getHeader(UpstreamConsumer.RECV_TS, Long.class);
        String dropped = message.getHeader(UpstreamConsumer.DROPPED_MESSAGE, String.class);
        if (dropped != null) {
            throw new BadFrameException("oversized", "the WebSocket client dropped a message over twice "
                    + maxFrameBytes + " bytes (datastream.upstream.max-frame-bytes): " + dropped);
        }
        String frame = message.getBody(String.class);
        if (frame != null && isOversized(frame)) {
            throw new BadFrameException("oversized", "frame of " + utf8Length(frame) + " bytes exceeds the limit of "
                    + maxFrameBytes + " (datastream.upstream.max-frame-bytes)");
        }
        Normalizer normalizer = registry.get(exchangeName);
        List<MarketEvent> events = normalizer.normalize(frame == null ? "" : frame,
                new FrameContext(exchangeName, venue, recvTs != null ? recvTs : Times.nowMicros()));
        DuplicateFilter duplicates = message.getHeader(UpstreamConsumer.DUPLICATE_FILTER, DuplicateFilter.class);
        if (duplicates != null) {
            events = duplicates.apply(events, message.getHeader(UpstreamConsumer.OVERLAP, false, Boolean.class));
        }
        message.setBody(events);
    }

    /** A UTF-8 char takes 1 to 3 bytes: the exact count is needed only for frames between a third of the limit and it. */
    private boolean isOversized(String frame) {
        return frame.length() > maxFrameBytes || (frame.length() * 3L > maxFrameBytes && utf8Length(frame) > maxFrameBytes);
    }

    private static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3; // a surrogate pair: 2 + 2 = 4
        }
        return bytes;
    }
}
