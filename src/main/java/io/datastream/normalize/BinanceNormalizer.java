package io.datastream.normalize;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.datastream.model.AggTrade;
import io.datastream.model.Book;
import io.datastream.model.BookTicker;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.EventJson;
import io.datastream.model.Kline;
import io.datastream.model.Liquidation;
import io.datastream.model.MarkPrice;
import io.datastream.model.MarketEvent;
import io.datastream.model.Payload;
import io.datastream.model.PriceLevel;
import io.datastream.model.Ticker;
import io.datastream.model.Trade;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normalizes Binance Spot, USD-M and COIN-M market-data frames, raw or in the combined {@code {"stream","data"}}
 * wrapper (a {@code data} array, as sent by {@code !markPrice@arr}, gives one event per element).
 *
 * <p>Channel market: venue {@code spot} → {@code spot}; {@code usdm}: {@code BTCUSDT} → {@code perpetual}, dated
 * {@code BTCUSDT_260327} → {@code future}; {@code coinm}: {@code *_PERP} → {@code perpetual}, others (dated) →
 * {@code future}.
 *
 * <p>Event → type: {@code trade}, {@code aggTrade}, {@code bookTicker} (spot has no {@code e}; recognised by
 * {@code u,s,b,B,a,A}), {@code depthUpdate} → {@code depth} (→ {@code book} when the stream name is a partial-depth
 * stream such as {@code btcusdt@depth5@100ms}; spot's un-typed partial depth {@code {lastUpdateId,bids,asks}} also
 * becomes {@code book}, symbol taken from the stream name), {@code kline} → {@code kline_<i>}, {@code 24hrTicker} and
 * {@code 24hrMiniTicker} → {@code ticker}, {@code markPriceUpdate} → {@code markPrice}, {@code forceOrder} →
 * {@code liquidation}. Subscription replies, LIST results and {@code serverShutdown} give no events; {@code {code,msg}}
 * error replies are {@link BadFrameException#ERROR_REPLY}.
 *
 * <p>Times: {@code ts} is the trade time {@code T} for trade/aggTrade (falls back to {@code E}), the event time
 * {@code E} for every other event, and the receive time for spot bookTicker and spot partial depth (which carry no
 * time). Binance sends ms; a value above 10^15 is already µs (connection opened with {@code timeUnit=MICROSECOND}).
 *
 * <p>Decimal strings are copied verbatim after a syntax check; side = {@code sell} when {@code m} (buyer is maker).
 * Unknown fields are ignored; a wrong JSON type or a malformed value is {@link BadFrameException#INVALID_FIELD}.
 * One tree parse per frame, no regex; stateless and thread-safe.
 */
public class BinanceNormalizer implements Normalizer {

    public static final String EXCHANGE = "binance";
    /** Connection venues accepted in {@link FrameContext#market()}. */
    public static final String SPOT = "spot";
    public static final String USDM = "usdm";
    public static final String COINM = "coinm";

    private static final long MICROS_THRESHOLD = 1_000_000_000_000_000L;
    private static final ObjectReader READER = EventJson.mapper().reader();

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public List<MarketEvent> normalize(String frame, FrameContext ctx) {
        if (frame == null || frame.isBlank()) {
            throw new BadFrameException(BadFrameException.EMPTY_FRAME, "empty frame");
        }
        String venue = ctx.market();
        if (!SPOT.equals(venue) && !USDM.equals(venue) && !COINM.equals(venue)) {
            throw new IllegalArgumentException("unknown binance venue '" + venue + "' (known: spot, usdm, coinm)");
        }
        JsonNode root;
        try {
            root = READER.readTree(frame);
        } catch (JsonProcessingException ex) {
            throw new BadFrameException(BadFrameException.MALFORMED_JSON, "malformed JSON: " + ex.getOriginalMessage(),
                    ex);
        }
        if (root == null || !root.isObject()) {
            throw new BadFrameException(BadFrameException.NOT_AN_OBJECT,
                    "expected a JSON object, got " + (root == null ? "nothing" : root.getNodeType()));
        }
        JsonNode streamNode = root.get("stream");
        if (streamNode == null) {
            return single(root, null, venue, ctx.recvTs());
        }
        if (!streamNode.isTextual()) {
            throw new BadFrameException(BadFrameException.INVALID_FIELD,
                    "combined wrapper: field 'stream' must be a string, got " + streamNode.getNodeType());
        }
        String stream = streamNode.textValue();
        JsonNode data = root.get("data");
        if (data == null) {
            throw new BadFrameException(BadFrameException.MISSING_FIELD,
                    "combined wrapper for stream '" + stream + "' has no field 'data'");
        }
        if (data.isObject()) {
            return single(data, stream, venue, ctx.recvTs());
        }
        if (data.isArray()) {
            List<MarketEvent> events = new ArrayList<>(data.size());
            for (JsonNode element : data) {
                if (!element.isObject()) {
                    throw new BadFrameException(BadFrameException.NOT_AN_OBJECT, "stream '" + stream
                            + "': data array element is " + element.getNodeType() + ", expected an object");
                }
                MarketEvent event = event(element, stream, venue, ctx.recvTs());
                if (event != null) {
                    events.add(event);
                }
            }
            return events;
        }
        throw new BadFrameException(BadFrameException.NOT_AN_OBJECT,
                "stream '" + stream + "': data is " + data.getNodeType() + ", expected an object");
    }

    private List<MarketEvent> single(JsonNode data, String stream, String venue, long recvTs) {
        MarketEvent event = event(data, stream, venue, recvTs);
        return event == null ? List.of() : List.of(event);
    }

    /** One payload object → one event, or null for a control message. */
    private MarketEvent event(JsonNode d, String stream, String venue, long recvTs) {
        JsonNode e = d.get("e");
        if (e == null) {
            return untyped(d, stream, venue, recvTs);
        }
        if (!e.isTextual()) {
            throw new BadFrameException(BadFrameException.INVALID_FIELD,
                    "field 'e' (event type) must be a string, got " + e.getNodeType());
        }
        String ev = e.textValue();
        switch (ev) {
            case "depthUpdate": return depth(d, stream, venue, recvTs);
            case "bookTicker": return bookTicker(d, venue, recvTs);
            case "aggTrade": return aggTrade(d, venue, recvTs);
            case "trade": return trade(d, venue, recvTs);
            case "kline": return kline(d, venue, recvTs);
            case "markPriceUpdate": return markPrice(d, venue, recvTs);
            case "24hrTicker": return ticker(d, venue, recvTs, ev, true);
            case "24hrMiniTicker": return ticker(d, venue, recvTs, ev, false);
            case "forceOrder": return liquidation(d, venue, recvTs);
            case "serverShutdown": return null;
            default:
                throw new BadFrameException(BadFrameException.UNKNOWN_EVENT, "unknown event type '" + ev + "'"
                        + (stream == null ? "" : " on stream '" + stream + "'"));
        }
    }

    private MarketEvent untyped(JsonNode d, String stream, String venue, long recvTs) {
        if (d.has("code") && d.has("msg")) {
            throw new BadFrameException(BadFrameException.ERROR_REPLY,
                    "binance error reply: code " + d.get("code") + ", msg " + d.get("msg")
                            + (d.has("id") ? ", id " + d.get("id") : ""));
        }
        if (d.has("result")) {
            return null; // SUBSCRIBE/UNSUBSCRIBE ack, LIST_SUBSCRIPTIONS or GET_PROPERTY reply
        }
        if (d.has("u") && d.has("s") && d.has("b") && d.has("B") && d.has("a") && d.has("A")) {
            return bookTicker(d, venue, recvTs);
        }
        if (d.has("lastUpdateId") && d.has("bids") && d.has("asks")) {
            return partialBook(d, stream, venue, recvTs);
        }
        throw new BadFrameException(BadFrameException.UNKNOWN_EVENT, "no event type 'e' and not a known payload"
                + (stream == null ? "" : " on stream '" + stream + "'"));
    }

    private MarketEvent trade(JsonNode d, String venue, long recvTs) {
        String ev = "trade";
        String symbol = text(d, "s", ev);
        Trade trade = new Trade(Long.toString(integer(d, "t", ev)), decimal(d, "p", ev), decimal(d, "q", ev),
                side(d, ev));
        long ts = d.has("T") ? time(d, "T", ev) : time(d, "E", ev);
        return event(symbol, "trade", venue, ts, recvTs, trade, ev);
    }

    private MarketEvent aggTrade(JsonNode d, String venue, long recvTs) {
        String ev = "aggTrade";
        String symbol = text(d, "s", ev);
        AggTrade trade = new AggTrade(Long.toString(integer(d, "a", ev)), decimal(d, "p", ev), decimal(d, "q", ev),
                side(d, ev), Long.toString(integer(d, "f", ev)), Long.toString(integer(d, "l", ev)));
        long ts = d.has("T") ? time(d, "T", ev) : time(d, "E", ev);
        return event(symbol, "aggTrade", venue, ts, recvTs, trade, ev);
    }

    private MarketEvent bookTicker(JsonNode d, String venue, long recvTs) {
        String ev = "bookTicker";
        String symbol = text(d, "s", ev);
        BookTicker ticker = new BookTicker(decimal(d, "b", ev), decimal(d, "B", ev), decimal(d, "a", ev),
                decimal(d, "A", ev), optInteger(d, "u", ev));
        long ts = d.has("E") ? time(d, "E", ev) : recvTs;
        return event(symbol, "bookTicker", venue, ts, recvTs, ticker, ev);
    }

    private MarketEvent depth(JsonNode d, String stream, String venue, long recvTs) {
        String ev = "depthUpdate";
        String symbol = text(d, "s", ev);
        List<PriceLevel> bids = levels(d, "b", ev);
        List<PriceLevel> asks = levels(d, "a", ev);
        long first = integer(d, "U", ev);
        long last = integer(d, "u", ev);
        Long prev = optInteger(d, "pu", ev);
        long ts = time(d, "E", ev);
        if (isPartialDepthStream(stream)) {
            return event(symbol, "book", venue, ts, recvTs, new Book(bids, asks, last, null), ev);
        }
        return event(symbol, "depth", venue, ts, recvTs, new Depth(bids, asks, first, last, prev), ev);
    }

    private MarketEvent partialBook(JsonNode d, String stream, String venue, long recvTs) {
        String ev = "partial depth";
        int at = stream == null ? -1 : stream.indexOf('@');
        if (at <= 0) {
            throw new BadFrameException(BadFrameException.MISSING_FIELD, "partial depth payload without symbol: "
                    + "it names no symbol, so it needs the combined stream wrapper");
        }
        String symbol = stream.substring(0, at).toUpperCase(Locale.ROOT);
        Book book = new Book(levels(d, "bids", ev), levels(d, "asks", ev), integer(d, "lastUpdateId", ev), null);
        return event(symbol, "book", venue, recvTs, recvTs, book, ev);
    }

    private MarketEvent kline(JsonNode d, String venue, long recvTs) {
        String ev = "kline";
        String symbol = text(d, "s", ev);
        long ts = time(d, "E", ev);
        JsonNode k = d.get("k");
        if (k == null) {
            throw missing("k", ev);
        }
        if (!k.isObject()) {
            throw invalid("k", ev, "expected an object, got " + k.getNodeType());
        }
        String interval = text(k, "i", ev);
        if (!Channel.KLINE_INTERVALS.contains(interval)) {
            throw invalid("k.i", ev, "unknown interval '" + interval + "'");
        }
        Kline kline = new Kline(interval, time(k, "t", ev), time(k, "T", ev), decimal(k, "o", ev),
                decimal(k, "h", ev), decimal(k, "l", ev), decimal(k, "c", ev), decimal(k, "v", ev),
                integer(k, "n", ev), bool(k, "x", ev));
        return event(symbol, Channel.KLINE_PREFIX + interval, venue, ts, recvTs, kline, ev);
    }

    private MarketEvent ticker(JsonNode d, String venue, long recvTs, String ev, boolean full) {
        String symbol = text(d, "s", ev);
        Ticker ticker = new Ticker(decimal(d, "c", ev), decimal(d, "o", ev), decimal(d, "h", ev), decimal(d, "l", ev),
                decimal(d, "v", ev), decimal(d, "q", ev), full ? optDecimal(d, "b", ev) : null,
                full ? optDecimal(d, "a", ev) : null);
        return event(symbol, "ticker", venue, time(d, "E", ev), recvTs, ticker, ev);
    }

    private MarketEvent markPrice(JsonNode d, String venue, long recvTs) {
        String ev = "markPriceUpdate";
        String symbol = text(d, "s", ev);
        JsonNode r = d.get("r");
        String fundingRate = r != null && r.isTextual() && r.textValue().isEmpty() ? null : optDecimal(d, "r", ev);
        Long next = optInteger(d, "T", ev);
        if (next != null) {
            next = next == 0 ? null : micros(next, "T", ev);
        }
        MarkPrice mark = new MarkPrice(decimal(d, "p", ev), optDecimal(d, "i", ev), fundingRate, next);
        return event(symbol, "markPrice", venue, time(d, "E", ev), recvTs, mark, ev);
    }

    private MarketEvent liquidation(JsonNode d, String venue, long recvTs) {
        String ev = "forceOrder";
        long ts = time(d, "E", ev);
        JsonNode o = d.get("o");
        if (o == null) {
            throw missing("o", ev);
        }
        if (!o.isObject()) {
            throw invalid("o", ev, "expected an object, got " + o.getNodeType());
        }
        String symbol = text(o, "s", ev);
        String side;
        String sideText = text(o, "S", ev);
        if ("SELL".equals(sideText)) {
            side = "sell";
        } else if ("BUY".equals(sideText)) {
            side = "buy";
        } else {
            throw invalid("o.S", ev, "expected BUY or SELL, got '" + sideText + "'");
        }
        return event(symbol, "liquidation", venue, ts, recvTs,
                new Liquidation(side, decimal(o, "p", ev), decimal(o, "q", ev)), ev);
    }

    private static MarketEvent event(String symbol, String type, String venue, long ts, long recvTs, Payload payload,
                                     String ev) {
        Channel channel;
        try {
            channel = Channel.of(EXCHANGE, market(venue, symbol), symbol, type);
        } catch (IllegalArgumentException ex) {
            throw invalid("s", ev, "symbol '" + symbol + "' cannot name a channel: " + ex.getMessage());
        }
        return new MarketEvent(channel, symbol, ts, recvTs, payload);
    }

    /** Channel market from the connection venue and the native symbol. */
    static String market(String venue, String symbol) {
        return SPOT.equals(venue) ? "spot" : Channel.futuresMarket(symbol);
    }

    static boolean isPartialDepthStream(String stream) {
        if (stream == null) {
            return false;
        }
        int i = stream.indexOf("@depth");
        return i >= 0 && i + 6 < stream.length() && Character.isDigit(stream.charAt(i + 6));
    }

    // ---- field access: every failure names the field and the event type ----

    private static String side(JsonNode d, String ev) {
        return bool(d, "m", ev) ? "sell" : "buy"; // buyer is maker => the taker sold
    }

    private static JsonNode required(JsonNode o, String field, String ev) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            throw missing(field, ev);
        }
        return v;
    }

    private static String text(JsonNode o, String field, String ev) {
        JsonNode v = required(o, field, ev);
        if (!v.isTextual() || v.textValue().isEmpty()) {
            throw invalid(field, ev, "expected a non-empty string, got " + describe(v));
        }
        return v.textValue();
    }

    private static String decimal(JsonNode o, String field, String ev) {
        return checkDecimal(required(o, field, ev), field, ev);
    }

    private static String optDecimal(JsonNode o, String field, String ev) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : checkDecimal(v, field, ev);
    }

    private static String checkDecimal(JsonNode v, String field, String ev) {
        if (!v.isTextual() || !isDecimal(v.textValue())) {
            throw invalid(field, ev, "expected a decimal string, got " + describe(v));
        }
        return v.textValue();
    }

    private static long integer(JsonNode o, String field, String ev) {
        JsonNode v = required(o, field, ev);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw invalid(field, ev, "expected an integer, got " + describe(v));
        }
        return v.longValue();
    }

    private static Long optInteger(JsonNode o, String field, String ev) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : integer(o, field, ev);
    }

    private static boolean bool(JsonNode o, String field, String ev) {
        JsonNode v = required(o, field, ev);
        if (!v.isBoolean()) {
            throw invalid(field, ev, "expected a boolean, got " + describe(v));
        }
        return v.booleanValue();
    }

    private static long time(JsonNode o, String field, String ev) {
        return micros(integer(o, field, ev), field, ev);
    }

    private static long micros(long value, String field, String ev) {
        if (value < 0) {
            throw invalid(field, ev, "negative time " + value);
        }
        return value > MICROS_THRESHOLD ? value : value * 1_000L;
    }

    private static List<PriceLevel> levels(JsonNode o, String field, String ev) {
        JsonNode v = required(o, field, ev);
        if (!v.isArray()) {
            throw invalid(field, ev, "expected an array of [price, qty], got " + describe(v));
        }
        List<PriceLevel> levels = new ArrayList<>(v.size());
        for (int i = 0, n = v.size(); i < n; i++) {
            JsonNode level = v.get(i);
            if (!level.isArray() || level.size() < 2) {
                throw invalid(field, ev, "level " + i + " is not [price, qty]: " + describe(level));
            }
            JsonNode price = level.get(0);
            JsonNode qty = level.get(1);
            if (!price.isTextual() || !isDecimal(price.textValue()) || !qty.isTextual()
                    || !isDecimal(qty.textValue())) {
                throw invalid(field, ev, "level " + i + " is not [decimal string, decimal string]: " + level);
            }
            levels.add(new PriceLevel(price.textValue(), qty.textValue()));
        }
        return levels;
    }

    /** {@code -?[0-9]+(\.[0-9]+)?} without a regex. */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = n > 0 && s.charAt(0) == '-' ? 1 : 0;
        int start = i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (s.charAt(i) != '.') {
            return false;
        }
        int fraction = ++i;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i == n && i > fraction;
    }

    private static String describe(JsonNode v) {
        String text = v.toString();
        return v.getNodeType() + " " + (text.length() > 40 ? text.substring(0, 40) + "…" : text);
    }

    private static BadFrameException missing(String field, String ev) {
        return new BadFrameException(BadFrameException.MISSING_FIELD, ev + ": missing field '" + field + "'");
    }

    private static BadFrameException invalid(String field, String ev, String detail) {
        return new BadFrameException(BadFrameException.INVALID_FIELD, ev + ": invalid field '" + field + "': " + detail);
    }
}
