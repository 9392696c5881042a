package io.datastream.normalize;

import static io.datastream.normalize.KrakenFields.array;
import static io.datastream.normalize.KrakenFields.decimal;
import static io.datastream.normalize.KrakenFields.integer;
import static io.datastream.normalize.KrakenFields.invalid;
import static io.datastream.normalize.KrakenFields.millisMicros;
import static io.datastream.normalize.KrakenFields.optDecimal;
import static io.datastream.normalize.KrakenFields.side;
import static io.datastream.normalize.KrakenFields.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.BookTicker;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarkPrice;
import io.datastream.model.MarketEvent;
import io.datastream.model.Payload;
import io.datastream.model.PriceLevel;
import io.datastream.model.Ticker;
import io.datastream.model.Trade;

/**
 * Kraken futures v1 feed frames → events. {@code trade} → {@code trade} (tradeId = {@code uid}); {@code trade_snapshot}
 * (recent trades sent on subscribe) is skipped, so a subscriber never sees historical trades as new — the same rule
 * as Kraken spot; {@code ticker} → {@code ticker}, {@code bookTicker} and (when it has a mark price) {@code markPrice};
 * {@code ticker_lite} → {@code ticker} only (no sizes, no mark); {@code book_snapshot} and {@code book} → {@code depth}
 * with {@code seq} as update id ({@code book_snapshot} marked {@link Depth#snapshot()} true). Events {@code info}, {@code subscribed}, {@code unsubscribed} and the heartbeat give
 * nothing; {@code error}, {@code alert} and {@code *_failed} are {@link BadFrameException#ERROR_REPLY}. Market:
 * a product id ending in {@code _YYMMDD} is a dated {@code future}, the rest ({@code PF_}, {@code PI_}) {@code perpetual}.
 */
final class KrakenFuturesFrames {

    private KrakenFuturesFrames() {
    }

    static List<MarketEvent> normalize(String frame, long recvTs) {
        JsonNode root = KrakenFields.parseObject(frame);
        JsonNode event = root.get("event");
        if (event != null) {
            return control(root, event.asText());
        }
        JsonNode feed = root.get("feed");
        if (feed == null || !feed.isTextual()) {
            throw new BadFrameException(BadFrameException.UNKNOWN_EVENT, "kraken futures: no 'feed' and no 'event'");
        }
        switch (feed.textValue()) {
            case "heartbeat":
            case "trade_snapshot":
                return List.of();
            case "trade": return List.of(trade(root, recvTs));
            case "ticker": return ticker(root, recvTs);
            case "ticker_lite": return List.of(tickerLite(root, recvTs));
            case "book_snapshot": return List.of(bookSnapshot(root, recvTs));
            case "book": return List.of(bookDelta(root, recvTs));
            default:
                throw new BadFrameException(BadFrameException.UNKNOWN_EVENT,
                        "kraken futures: unknown feed '" + feed.textValue() + "'");
        }
    }

    private static List<MarketEvent> control(JsonNode root, String event) {
        if (event.equals("error") || event.equals("alert") || event.endsWith("_failed")) {
            throw new BadFrameException(BadFrameException.ERROR_REPLY, "kraken futures " + event + ": "
                    + (root.has("message") ? root.get("message").asText() : root.toString()));
        }
        return List.of();
    }

    private static MarketEvent trade(JsonNode d, long recvTs) {
        String kind = "trade";
        Trade trade = new Trade(text(d, "uid", kind), decimal(d, "price", kind), decimal(d, "qty", kind),
                side(d, "side", kind));
        return event(d, kind, "trade", millisMicros(d, "time", kind), recvTs, trade);
    }

    private static List<MarketEvent> ticker(JsonNode d, long recvTs) {
        String kind = "ticker";
        long ts = d.has("time") ? millisMicros(d, "time", kind) : recvTs;
        List<MarketEvent> events = new ArrayList<>(3);
        String bid = decimal(d, "bid", kind);
        String ask = decimal(d, "ask", kind);
        Ticker ticker = new Ticker(optDecimal(d, "last", kind), optDecimal(d, "open", kind), optDecimal(d, "high", kind),
                optDecimal(d, "low", kind), optDecimal(d, "volume", kind), optDecimal(d, "volumeQuote", kind), bid, ask);
        events.add(event(d, kind, "ticker", ts, recvTs, ticker));
        events.add(event(d, kind, "bookTicker", ts, recvTs,
                new BookTicker(bid, decimal(d, "bid_size", kind), ask, decimal(d, "ask_size", kind), null)));
        if (d.hasNonNull("markPrice")) {
            Long nextFunding = d.hasNonNull("next_funding_rate_time") ? millisMicros(d, "next_funding_rate_time", kind) : null;
            MarkPrice mark = new MarkPrice(decimal(d, "markPrice", kind), optDecimal(d, "index", kind),
                    optDecimal(d, "funding_rate", kind), nextFunding);
            events.add(event(d, kind, "markPrice", ts, recvTs, mark));
        }
        return events;
    }

    private static MarketEvent tickerLite(JsonNode d, long recvTs) {
        String kind = "ticker_lite";
        Ticker ticker = new Ticker(optDecimal(d, "last", kind), null, null, null, optDecimal(d, "volume", kind), null,
                optDecimal(d, "bid", kind), optDecimal(d, "ask", kind));
        long ts = d.has("time") ? millisMicros(d, "time", kind) : recvTs;
        return event(d, kind, "ticker", ts, recvTs, ticker);
    }

    private static MarketEvent bookSnapshot(JsonNode d, long recvTs) {
        String kind = "book_snapshot";
        long seq = integer(d, "seq", kind);
        Depth depth = new Depth(KrakenSpotFrames.levels(d, "bids", kind), KrakenSpotFrames.levels(d, "asks", kind),
                seq, seq, null, null, Boolean.TRUE);
        return event(d, kind, "depth", millisMicros(d, "timestamp", kind), recvTs, depth);
    }

    private static MarketEvent bookDelta(JsonNode d, long recvTs) {
        String kind = "book";
        long seq = integer(d, "seq", kind);
        List<PriceLevel> level = List.of(new PriceLevel(decimal(d, "price", kind), decimal(d, "qty", kind)));
        boolean bid = "buy".equals(side(d, "side", kind));
        Depth depth = new Depth(bid ? level : List.of(), bid ? List.of() : level, seq, seq, null);
        return event(d, kind, "depth", millisMicros(d, "timestamp", kind), recvTs, depth);
    }

    /** Dated products end in {@code _YYMMDD} ({@code FI_XBTUSD_260327}); everything else is perpetual. */
    static String market(String productId) {
        return Channel.futuresMarket(productId);
    }

    private static MarketEvent event(JsonNode d, String kind, String type, long ts, long recvTs, Payload payload) {
        String productId = text(d, "product_id", kind);
        Channel channel;
        try {
            channel = Channel.of(KrakenNormalizer.EXCHANGE, market(productId), productId, type);
        } catch (IllegalArgumentException ex) {
            throw invalid("product_id", kind, ex.getMessage());
        }
        return new MarketEvent(channel, productId, ts, recvTs, payload);
    }
}
