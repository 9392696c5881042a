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
    private final int maxFrameChars;

    public NormalizeStep(NormalizerRegistry registry, int maxFrameChars) {
        this.registry = registry;
        this.maxFrameChars = maxFrameChars;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String exchangeName = message.getHeader("exchange", String.class);
        String venue = message.getHeader("market", String.class);
        Long recvTs = message.getHeader(UpstreamConsumer.RECV_TS, Long.class);
        String frame = message.getBody(String.class);
        if (frame != null && frame.length() > maxFrameChars) {
            throw new BadFrameException("oversized", "frame of " + frame.length() + " chars exceeds the limit of "
                    + maxFrameChars + " (datastream.upstream.max-frame-bytes)");
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
}
