package io.datastream.normalize;

import static io.datastream.normalize.KrakenFields.array;
import static io.datastream.normalize.KrakenFields.decimal;
import static io.datastream.normalize.KrakenFields.integer;
import static io.datastream.normalize.KrakenFields.invalid;
import static io.datastream.normalize.KrakenFields.optDecimal;
import static io.datastream.normalize.KrakenFields.rfc3339Micros;
import static io.datastream.normalize.KrakenFields.side;
import static io.datastream.normalize.KrakenFields.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.BookTicker;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.Kline;
import io.datastream.model.MarketEvent;
import io.datastream.model.Payload;
import io.datastream.model.PriceLevel;
import io.datastream.model.Ticker;
import io.datastream.model.Trade;

/**
 * Kraken spot WebSocket v2 frames → events. {@code trade} → {@code trade} (side = taker side; {@code snapshot}
 * messages, i.e. trades from before the subscription, are skipped so they never look new); {@code ticker} → {@code ticker}
 * and {@code bookTicker}; {@code book} snapshot and update → {@code depth} (no update ids: Kraken books carry a checksum
 * instead, kept in {@link Depth#checksum()}; the {@code snapshot} message is marked {@link Depth#snapshot()} true so the
 * book is replaced, not changed); {@code ohlc} → {@code kline_<interval>} (closeTime = begin + interval − 1 ms, as Binance; {@code closed}
 * is false, v2 only sends the candle in progress). Heartbeats, status, pongs and acks give no events; a reply with
 * {@code success:false} is an {@link BadFrameException#ERROR_REPLY}. Times are RFC3339 → epoch µs; a message without
 * a timestamp (older ticker/ohlc) is stamped with its receive time.
 */
final class KrakenSpotFrames {

    private static final String MARKET = "spot";
    private static final long MINUTE_MICROS = 60_000_000L;

    private KrakenSpotFrames() {
    }

    static List<MarketEvent> normalize(String frame, long recvTs) {
        JsonNode root = KrakenFields.parseObject(frame);
        if (root.has("method")) {
            return reply(root);
        }
        if (root.has("error") || root.has("Error")) {
            throw errorReply(root);
        }
        JsonNode channel = root.get("channel");
        if (channel == null || !channel.isTextual()) {
            throw new BadFrameException(BadFrameException.UNKNOWN_EVENT, "kraken spot: no 'channel' and no 'method'");
        }
        switch (channel.textValue()) {
            case "heartbeat":
            case "status":
                return List.of();
            case "trade": return trades(root, recvTs);
            case "ticker": return tickers(root, recvTs);
            case "book": return books(root, recvTs);
            case "ohlc": return klines(root, recvTs);
            default:
                throw new BadFrameException(BadFrameException.UNKNOWN_EVENT,
                        "kraken spot: unknown channel '" + channel.textValue() + "'");
        }
    }

    /** Acks and pongs carry {@code success}; only a failure matters. */
    private static List<MarketEvent> reply(JsonNode root) {
        JsonNode success = root.get("success");
        if (success != null && success.isBoolean() && !success.booleanValue()) {
            throw errorReply(root);
        }
        return List.of();
    }

    private static BadFrameException errorReply(JsonNode root) {
        JsonNode error = root.has("error") ? root.get("error") : root.get("Error");
        return new BadFrameException(BadFrameException.ERROR_REPLY, "kraken spot error reply"
                + (root.has("method") ? " to " + root.get("method").asText() : "") + ": " + (error == null ? root : error.asText())
                + (root.has("req_id") ? ", req_id " + root.get("req_id") : ""));
    }

    private static List<MarketEvent> trades(JsonNode root, long recvTs) {
        if ("snapshot".equals(root.path("type").asText())) {
            return List.of();
        }
        String kind = "trade";
        List<MarketEvent> events = new ArrayList<>();
        for (JsonNode d : array(root, "data", kind)) {
            Trade trade = new Trade(Long.toString(integer(d, "trade_id", kind)), decimal(d, "price", kind),
                    decimal(d, "qty", kind), side(d, "side", kind));
            events.add(event(d, kind, "trade", rfc3339Micros(d, "timestamp", kind), recvTs, trade));
        }
        return events;
    }

    private static List<MarketEvent> tickers(JsonNode root, long recvTs) {
        String kind = "ticker";
        List<MarketEvent> events = new ArrayList<>();
        for (JsonNode d : array(root, "data", kind)) {
            long ts = d.has("timestamp") ? rfc3339Micros(d, "timestamp", kind) : recvTs;
            String bid = decimal(d, "bid", kind);
            String ask = decimal(d, "ask", kind);
            Ticker ticker = new Ticker(optDecimal(d, "last", kind), null, optDecimal(d, "high", kind),
                    optDecimal(d, "low", kind), optDecimal(d, "volume", kind), null, bid, ask);
            events.add(event(d, kind, "ticker", ts, recvTs, ticker));
            BookTicker best = new BookTicker(bid, decimal(d, "bid_qty", kind), ask, decimal(d, "ask_qty", kind), null);
            events.add(event(d, kind, "bookTicker", ts, recvTs, best));
        }
        return events;
    }

    private static List<MarketEvent> books(JsonNode root, long recvTs) {
        String kind = "book " + root.path("type").asText("message");
        Boolean snapshot = "snapshot".equals(root.path("type").asText()) ? Boolean.TRUE : null;
        List<MarketEvent> events = new ArrayList<>();
        for (JsonNode d : array(root, "data", kind)) {
            long ts = d.has("timestamp") ? rfc3339Micros(d, "timestamp", kind) : recvTs;
            Depth depth = new Depth(levels(d, "bids", kind), levels(d, "asks", kind), null, null, null,
                    checksum(d, kind), snapshot);
            events.add(event(d, kind, "depth", ts, recvTs, depth));
        }
        return events;
    }

    /** The CRC32 the exchange computed over its top 10 after this message (unsigned 32 bit), or null when absent. */
    private static Long checksum(JsonNode d, String kind) {
        if (!d.hasNonNull("checksum")) {
            return null;
        }
        long checksum = integer(d, "checksum", kind);
        if (checksum < 0 || checksum > 0xFFFF_FFFFL) {
            throw invalid("checksum", kind, "expected an unsigned 32-bit integer, got " + checksum);
        }
        return checksum;
    }

    private static List<MarketEvent> klines(JsonNode root, long recvTs) {
        String kind = "ohlc";
        List<MarketEvent> events = new ArrayList<>();
        for (JsonNode d : array(root, "data", kind)) {
            long minutes = integer(d, "interval", kind);
            String interval = KrakenIntervals.name((int) minutes)
                    .orElseThrow(() -> invalid("interval", kind, "unknown interval " + minutes + " minutes"));
            long openTime = rfc3339Micros(d, "interval_begin", kind);
            long closeTime = openTime + minutes * MINUTE_MICROS - 1_000L;
            Kline kline = new Kline(interval, openTime, closeTime, decimal(d, "open", kind), decimal(d, "high", kind),
                    decimal(d, "low", kind), decimal(d, "close", kind), decimal(d, "volume", kind),
                    integer(d, "trades", kind), false);
            long ts = d.has("timestamp") ? rfc3339Micros(d, "timestamp", kind) : recvTs;
            events.add(event(d, kind, Channel.KLINE_PREFIX + interval, ts, recvTs, kline));
        }
        return events;
    }

    static List<PriceLevel> levels(JsonNode d, String field, String kind) {
        JsonNode side = array(d, field, kind);
        List<PriceLevel> levels = new ArrayList<>(side.size());
        for (JsonNode level : side) {
            levels.add(new PriceLevel(decimal(level, "price", kind), decimal(level, "qty", kind)));
        }
        return levels;
    }

    private static MarketEvent event(JsonNode d, String kind, String type, long ts, long recvTs, Payload payload) {
        String symbol = text(d, "symbol", kind);
        return new MarketEvent(channel(symbol, type, kind), symbol, ts, recvTs, payload);
    }

    private static Channel channel(String symbol, String type, String kind) {
        try {
            return Channel.of(KrakenNormalizer.EXCHANGE, MARKET, symbol, type);
        } catch (IllegalArgumentException ex) {
            throw invalid("symbol", kind, ex.getMessage());
        }
    }
}
