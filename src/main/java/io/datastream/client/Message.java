package io.datastream.client;

import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.model.Status;

/**
 * One message from Redis: its channel, the raw JSON as published, and typed views of it. Parsing into a
 * {@link MarketEvent} happens on first call of {@link #event()}. Immutable and safe to share between threads.
 */
public final class Message {

    private final String channel;
    private final String json;
    private final JsonNode node;
    private volatile MarketEvent event;

    Message(String channel, String json, JsonNode node) {
        this.channel = channel;
        this.json = json;
        this.node = node;
    }

    /** Parses a published message; IllegalArgumentException if it is not JSON. */
    public static Message of(String channel, String json) {
        return new Message(channel, json, EventJson.read(json));
    }

    public String channel() {
        return channel;
    }

    /** The message exactly as published (UTF-8 JSON, one event). */
    public String json() {
        return json;
    }

    /** The JSON tree (floats as BigDecimal with their exact digits). */
    public JsonNode node() {
        return node;
    }

    /** The per-channel counter, or -1 if the message has none. */
    public long seq() {
        JsonNode seq = node.get("seq");
        return seq != null && seq.canConvertToLong() ? seq.longValue() : -1;
    }

    /** The channel type ({@code trade}, {@code status}, ...). */
    public String type() {
        return node.path("type").asText("");
    }

    public boolean isStatus() {
        return "status".equals(type());
    }

    /** The typed event; its payload is the record of the type ({@code Trade}, {@code BookTicker}, ...). */
    public MarketEvent event() {
        MarketEvent parsed = event;
        if (parsed == null) {
            parsed = EventJson.toEvent(node);
            event = parsed;
        }
        return parsed;
    }

    /** The status payload, for status messages. */
    public Optional<Status> status() {
        return isStatus() ? Optional.of((Status) event().payload()) : Optional.empty();
    }

    @Override
    public String toString() {
        return channel + " " + json;
    }
}
