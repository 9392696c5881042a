package io.datastream.publish;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Times;
import io.datastream.normalize.BadFrameException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a frame that failed in a route into a dead-letter record: logged once with its context and the first 512
 * bytes, counted per exchange and reason, and left as the message body (JSON) for the route to push to Redis.
 */
public final class DeadLetters implements Processor {

    public static final String REDIS_KEY = "datastream:deadletter";
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int LOGGED_CHARS = 512;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MeterRegistry meters;
    private final int storedChars;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /** @param storedChars how much of the raw frame the Redis record keeps (frames can be megabytes) */
    public DeadLetters(MeterRegistry meters, int storedChars) {
        this.meters = meters;
        this.storedChars = storedChars;
    }

    @Override
    public void process(Exchange exchange) throws JsonProcessingException {
        Message message = exchange.getMessage();
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = error instanceof BadFrameException bad ? bad.reason() : "route_error";
        String exchangeName = String.valueOf(message.getHeader("exchange"));
        String venue = String.valueOf(message.getHeader("market"));
        String frame = message.getBody(String.class);
        frame = frame == null ? "" : frame;
        String detail = error == null ? "" : error.getMessage();

        LOG.warn("Dead letter [{}/{} route={} connection={}] {}: {}; frame ({} chars): {}", exchangeName, venue,
                exchange.getFromRouteId(), message.getHeader(UpstreamConsumer.CONNECTION_ID), reason, detail,
                frame.length(), abbreviate(frame, LOGGED_CHARS));
        counters.computeIfAbsent(exchangeName + "|" + reason, key -> Counter.builder("datastream.deadletters")
                .tag("exchange", exchangeName).tag("reason", reason).register(meters)).increment();

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("ts", Times.nowMicros());
        record.put("exchange", exchangeName);
        record.put("market", venue);
        record.put("route", exchange.getFromRouteId());
        record.put("connection", message.getHeader(UpstreamConsumer.CONNECTION_ID));
        record.put("recvTs", message.getHeader(UpstreamConsumer.RECV_TS));
        record.put("reason", reason);
        record.put("error", detail);
        record.put("frameLength", frame.length());
        record.put("frame", abbreviate(frame, storedChars));
        message.setBody(JSON.writeValueAsString(record));
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
