package io.datastream.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The wire form of events: one flat JSON object per event, common fields first
 * ({@code exchange, market, symbol, type, ts, recvTs, pubTs, seq}) then the payload fields in record order, nulls
 * omitted. Written by hand with a {@link JsonGenerator} (no reflection on the hot path); read with BigDecimal floats.
 */
public final class EventJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private EventJson() {
    }

    /**
     * The shared mapper: BigDecimal for floats (trailing zeros kept), trailing tokens rejected, unknown properties
     * ignored, null fields omitted. Do not reconfigure it.
     */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The event as one flat JSON object (the Redis message body). */
    public static String write(MarketEvent e, long seq, long pubTs) {
        StringWriter out = new StringWriter(320);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeEvent(g, e, seq, pubTs);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    /** Same as {@link #write} as UTF-8 bytes, for transports that take bytes. */
    public static byte[] writeBytes(MarketEvent e, long seq, long pubTs) {
        ByteArrayBuilder out = new ByteArrayBuilder(320);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writeEvent(g, e, seq, pubTs);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    /** Parses JSON into a tree; floats become BigDecimal with their exact digits. */
    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException ex) {
            throw new IllegalArgumentException("invalid JSON: " + ex.getOriginalMessage(), ex);
        }
    }

    /** Parses a published message back into an event ({@code seq}/{@code pubTs} are in the tree from {@link #read}). */
    public static MarketEvent readEvent(String json) {
        return toEvent(read(json));
    }

    /** Converts a tree produced by {@link #read} of a published message into an event. */
    public static MarketEvent toEvent(JsonNode node) {
        Channel channel = new Channel(text(node, "exchange"), text(node, "market"),
                Channel.channelSymbol(text(node, "symbol")), text(node, "type"));
        Class<? extends Payload> payloadType = payloadClass(channel.type());
        try {
            Payload payload = MAPPER.treeToValue(node, payloadType);
            return new MarketEvent(channel, text(node, "symbol"), number(node, "ts"), number(node, "recvTs"),
                    payload);
        } catch (JsonProcessingException | RuntimeException ex) {
            throw new IllegalArgumentException("not a valid " + channel.type() + " event: " + ex.getMessage(), ex);
        }
    }

    /** The payload record class for a channel type. */
    public static Class<? extends Payload> payloadClass(String type) {
        switch (type) {
            case "trade": return Trade.class;
            case "aggTrade": return AggTrade.class;
            case "bookTicker": return BookTicker.class;
            case "depth": return Depth.class;
            case "book": return Book.class;
            case "ticker": return Ticker.class;
            case "markPrice": return MarkPrice.class;
            case "liquidation": return Liquidation.class;
            case "status": return Status.class;
            default:
                if (type.startsWith(Channel.KLINE_PREFIX)) {
                    return Kline.class;
                }
                throw new IllegalArgumentException("unknown type '" + type + "'");
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("missing or non-string field '" + field + "'");
        }
        return v.textValue();
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new IllegalArgumentException("missing or non-integer field '" + field + "'");
        }
        return v.longValue();
    }

    private static void writeEvent(JsonGenerator g, MarketEvent e, long seq, long pubTs) throws IOException {
        Channel c = e.channel();
        g.writeStartObject();
        g.writeStringField("exchange", c.exchange());
        g.writeStringField("market", c.market());
        g.writeStringField("symbol", e.symbol());
        g.writeStringField("type", c.type());
        g.writeNumberField("ts", e.ts());
        g.writeNumberField("recvTs", e.recvTs());
        g.writeNumberField("pubTs", pubTs);
        g.writeNumberField("seq", seq);
        writePayload(g, e.payload());
        g.writeEndObject();
    }

    // Most frequent types first; Java 17 has no pattern-matching switch.
    private static void writePayload(JsonGenerator g, Payload p) throws IOException {
        if (p instanceof Depth d) {
            levels(g, "bids", d.bids());
            levels(g, "asks", d.asks());
            optNumber(g, "firstUpdateId", d.firstUpdateId());
            optNumber(g, "lastUpdateId", d.lastUpdateId());
            optNumber(g, "prevUpdateId", d.prevUpdateId());
        } else if (p instanceof BookTicker b) {
            g.writeStringField("bidPrice", b.bidPrice());
            g.writeStringField("bidQty", b.bidQty());
            g.writeStringField("askPrice", b.askPrice());
            g.writeStringField("askQty", b.askQty());
            optNumber(g, "updateId", b.updateId());
        } else if (p instanceof Trade t) {
            g.writeStringField("tradeId", t.tradeId());
            g.writeStringField("price", t.price());
            g.writeStringField("qty", t.qty());
            g.writeStringField("side", t.side());
        } else if (p instanceof AggTrade t) {
            g.writeStringField("tradeId", t.tradeId());
            g.writeStringField("price", t.price());
            g.writeStringField("qty", t.qty());
            g.writeStringField("side", t.side());
            g.writeStringField("firstTradeId", t.firstTradeId());
            g.writeStringField("lastTradeId", t.lastTradeId());
        } else if (p instanceof Book b) {
            levels(g, "bids", b.bids());
            levels(g, "asks", b.asks());
            g.writeNumberField("sequence", b.sequence());
            if (b.checksumOk() != null) {
                g.writeBooleanField("checksumOk", b.checksumOk());
            }
        } else if (p instanceof Kline k) {
            g.writeStringField("interval", k.interval());
            g.writeNumberField("openTime", k.openTime());
            g.writeNumberField("closeTime", k.closeTime());
            g.writeStringField("open", k.open());
            g.writeStringField("high", k.high());
            g.writeStringField("low", k.low());
            g.writeStringField("close", k.close());
            g.writeStringField("volume", k.volume());
            g.writeNumberField("trades", k.trades());
            g.writeBooleanField("closed", k.closed());
        } else if (p instanceof Ticker t) {
            optString(g, "last", t.last());
            optString(g, "open", t.open());
            optString(g, "high", t.high());
            optString(g, "low", t.low());
            optString(g, "volume", t.volume());
            optString(g, "quoteVolume", t.quoteVolume());
            optString(g, "bidPrice", t.bidPrice());
            optString(g, "askPrice", t.askPrice());
        } else if (p instanceof MarkPrice m) {
            g.writeStringField("markPrice", m.markPrice());
            optString(g, "indexPrice", m.indexPrice());
            optString(g, "fundingRate", m.fundingRate());
            optNumber(g, "nextFundingTime", m.nextFundingTime());
        } else if (p instanceof Liquidation l) {
            g.writeStringField("side", l.side());
            g.writeStringField("price", l.price());
            g.writeStringField("qty", l.qty());
        } else if (p instanceof Status s) {
            g.writeStringField("state", s.state());
            optString(g, "reason", s.reason());
            optNumber(g, "missedFrom", s.missedFrom());
            optNumber(g, "missedTo", s.missedTo());
        } else {
            throw new IllegalStateException("unhandled payload " + p.getClass());
        }
    }

    private static void levels(JsonGenerator g, String name, List<PriceLevel> levels) throws IOException {
        g.writeArrayFieldStart(name);
        for (int i = 0, n = levels.size(); i < n; i++) {
            PriceLevel level = levels.get(i);
            g.writeStartArray();
            g.writeString(level.price());
            g.writeString(level.qty());
            g.writeEndArray();
        }
        g.writeEndArray();
    }

    private static void optString(JsonGenerator g, String name, String value) throws IOException {
        if (value != null) {
            g.writeStringField(name, value);
        }
    }

    private static void optNumber(JsonGenerator g, String name, Long value) throws IOException {
        if (value != null) {
            g.writeNumberField(name, value.longValue());
        }
    }
}
