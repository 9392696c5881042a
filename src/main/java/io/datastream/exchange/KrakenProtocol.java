package io.datastream.exchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.book.BookSync;
import io.datastream.book.KrakenFuturesBookSync;
import io.datastream.book.KrakenSpotBookSync;
import io.datastream.model.Channel;
import io.datastream.normalize.KrakenIntervals;

/**
 * Kraken spot WebSocket v2 (venue {@code spot}) and futures v1 (venue {@code futures}) subscriptions. One request per
 * Kraken channel/feed, listing every symbol. Subscription names (used by replay and the simulator) are
 * {@code <kraken channel>:<native symbol>}, with {@code ohlc-<minutes>} for candles.
 */
public final class KrakenProtocol implements UpstreamProtocol {

    public static final String SPOT = "spot";
    public static final String FUTURES = "futures";
    /** Book depth subscribed when not configured; Kraken accepts 10, 25, 100, 500, 1000. */
    public static final int DEFAULT_BOOK_DEPTH = 10;
    /** Kraken futures closes a connection that has not pinged for this long. */
    public static final Duration FUTURES_MAX_PING_INTERVAL = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Venue> VENUES = List.of(
            // BTC/USD as btc-usd
            Venue.of(SPOT, "[a-z0-9]{1,15}-[a-z0-9]{1,15}", "base-quote, e.g. btc-usd", "ws.kraken.com"),
            // PF_XBTUSD perpetual, FI_XBTUSD_260327 dated (also PI_/FF_ forms)
            Venue.of(FUTURES, "(pf|pi)_[a-z0-9]{3,20}|(fi|ff)_[a-z0-9]{3,20}_\\d{6}",
                    "e.g. pf_xbtusd, or fi_xbtusd_260327", "futures.kraken.com"));

    private final int bookDepth;

    public KrakenProtocol() {
        this(DEFAULT_BOOK_DEPTH);
    }

    public KrakenProtocol(int bookDepth) {
        if (!List.of(10, 25, 100, 500, 1000).contains(bookDepth)) {
            throw new IllegalArgumentException("kraken book depth must be 10, 25, 100, 500 or 1000, not " + bookDepth);
        }
        this.bookDepth = bookDepth;
    }

    @Override
    public String exchange() {
        return "kraken";
    }

    @Override
    public List<Venue> venues() {
        return VENUES;
    }

    /** Spot: snapshot and updates checked by CRC32; futures: snapshot and updates checked by sequence number. */
    @Override
    public Optional<BookSync> bookSync(String venue) {
        return Optional.of(SPOT.equals(venue) ? KrakenSpotBookSync.SYNC : KrakenFuturesBookSync.SYNC);
    }

    @Override
    public Channel channel(String venue, String symbol, String type) {
        return Channel.of(exchange(), market(venue, symbol), symbol, type);
    }

    private static String market(String venue, String symbol) {
        if (SPOT.equals(venue)) {
            return "spot";
        }
        if (!FUTURES.equals(venue)) {
            throw new IllegalArgumentException("unknown kraken venue '" + venue + "' (known: spot, futures)");
        }
        return Channel.futuresMarket(symbol);
    }

    /** The Kraken channel (spot) or feed (futures) that carries a channel type. */
    private static String krakenChannel(String venue, String type) {
        switch (type) {
            case "trade": return "trade";
            case "ticker":
            case "bookTicker":
                return "ticker";
            case "markPrice":
                if (FUTURES.equals(venue)) {
                    return "ticker";
                }
                break;
            case "depth":
            case "book":
                return "book"; // a maintained book is built from the same subscription
            default:
                if (SPOT.equals(venue) && type.startsWith(Channel.KLINE_PREFIX)) {
                    String interval = type.substring(Channel.KLINE_PREFIX.length());
                    return "ohlc-" + KrakenIntervals.minutes(interval).orElseThrow(() -> new IllegalArgumentException(
                            "kraken has no OHLC interval '" + interval + "' (known: 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w, 15d)"));
                }
        }
        throw new IllegalArgumentException("kraken " + venue + " has no subscription for type '" + type + "'");
    }

    @Override
    public String streamKey(Channel channel) {
        return venueOf(channel) + "|" + krakenChannel(venueOf(channel), channel.type()) + "|" + nativeSymbol(channel);
    }

    /** {@code btc-usd → BTC/USD} (spot), {@code pf_xbtusd → PF_XBTUSD} (futures). */
    @Override
    public String nativeSymbol(Channel channel) {
        String upper = channel.symbol().toUpperCase(Locale.ROOT);
        return "spot".equals(channel.market()) ? upper.replace('-', '/') : upper;
    }

    private static String venueOf(Channel channel) {
        return "spot".equals(channel.market()) ? SPOT : FUTURES;
    }

    @Override
    public Optional<Channel> channelOfStream(String venue, String stream) {
        return channelsOfStream(venue, stream).stream().findFirst();
    }

    @Override
    public List<Channel> channelsOfStream(String venue, String stream) {
        int colon = stream.indexOf(':');
        if (colon <= 0 || colon == stream.length() - 1) {
            return List.of();
        }
        String kraken = stream.substring(0, colon).toLowerCase(Locale.ROOT);
        String symbol = stream.substring(colon + 1);
        List<String> types = switch (kraken) {
            case "trade" -> List.of("trade");
            case "book" -> List.of("depth");
            case "ticker" -> FUTURES.equals(venue) ? List.of("ticker", "bookTicker", "markPrice") : List.of("ticker", "bookTicker");
            case "ticker_lite" -> List.of("ticker");
            default -> kraken.startsWith("ohlc-") ? klineType(kraken.substring("ohlc-".length())) : List.of();
        };
        return types.stream().map(type -> channel(venue, symbol, type)).toList();
    }

    private static List<String> klineType(String minutes) {
        try {
            return KrakenIntervals.name(Integer.parseInt(minutes)).map(name -> List.of(Channel.KLINE_PREFIX + name)).orElse(List.of());
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    @Override
    public int maxControlMessagesPerSecond(String venue) {
        // spot's budget is undocumented (Kraken answers "Exceeded msg rate"); futures allows 100/s, we stay far below
        return SPOT.equals(venue) ? 5 : 10;
    }

    @Override
    public List<String> subscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return requests(true, channels, ids);
    }

    @Override
    public List<String> unsubscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return requests(false, channels, ids);
    }

    /**
     * Spot: {@code {"method":"ping","req_id":N}}. Futures documents no ping message, only "send a ping at least every
     * 60 seconds": WebSocket PING frames go every ping interval anyway, and as the app-level keep-alive we send the
     * documented, idempotent {@code {"event":"subscribe","feed":"heartbeat"}}, which Kraken acknowledges.
     */
    @Override
    public Optional<String> pingMessage(String venue, RequestIds ids) {
        if (SPOT.equals(venue)) {
            return Optional.of(JSON.createObjectNode().put("method", "ping").put("req_id", ids.next()).toString());
        }
        return Optional.of("{\"event\":\"subscribe\",\"feed\":\"heartbeat\"}");
    }

    /** Futures: "Send a ping at least every 60 seconds to keep the connection open"; spot documents no limit. */
    @Override
    public Optional<Duration> maxPingInterval(String venue) {
        return FUTURES.equals(venue) ? Optional.of(FUTURES_MAX_PING_INTERVAL) : Optional.empty();
    }

    private List<String> requests(boolean subscribe, Collection<Channel> channels, RequestIds ids) {
        Map<String, List<Channel>> byKrakenChannel = new LinkedHashMap<>();
        for (Channel channel : channels) {
            byKrakenChannel.computeIfAbsent(venueOf(channel) + "|" + krakenChannel(venueOf(channel), channel.type()),
                    k -> new ArrayList<>()).add(channel);
        }
        List<String> messages = new ArrayList<>();
        byKrakenChannel.forEach((key, group) -> {
            String venue = key.substring(0, key.indexOf('|'));
            String kraken = key.substring(key.indexOf('|') + 1);
            List<String> symbols = group.stream().map(this::nativeSymbol).distinct().toList();
            messages.add(SPOT.equals(venue) ? spotRequest(subscribe, kraken, symbols, ids) : futuresRequest(subscribe, kraken, symbols));
        });
        return messages;
    }

    private String spotRequest(boolean subscribe, String kraken, List<String> symbols, RequestIds ids) {
        ObjectNode request = JSON.createObjectNode().put("method", subscribe ? "subscribe" : "unsubscribe");
        ObjectNode params = request.putObject("params");
        if (kraken.startsWith("ohlc-")) {
            params.put("channel", "ohlc").put("interval", Integer.parseInt(kraken.substring("ohlc-".length())));
        } else {
            params.put("channel", kraken);
        }
        symbols.forEach(params.putArray("symbol")::add);
        if (kraken.equals("book")) {
            params.put("depth", bookDepth);
        }
        if (kraken.equals("trade") && subscribe) {
            params.put("snapshot", false); // past trades would look new; the normalizer skips them anyway
        }
        request.put("req_id", ids.next());
        return request.toString();
    }

    private static String futuresRequest(boolean subscribe, String feed, List<String> productIds) {
        ObjectNode request = JSON.createObjectNode().put("event", subscribe ? "subscribe" : "unsubscribe").put("feed", feed);
        productIds.forEach(request.putArray("product_ids")::add);
        return request.toString();
    }
}
