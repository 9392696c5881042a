package io.datastream.exchange;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.book.BinanceBookSync;
import io.datastream.book.BookSync;
import io.datastream.model.Channel;

/**
 * Binance spot, USD-M and COIN-M market streams: {@code <symbol>@<stream>} names, JSON SUBSCRIBE/UNSUBSCRIBE with ids.
 * Venues: {@code spot}, {@code usdm}, {@code coinm}.
 */
public final class BinanceProtocol implements UpstreamProtocol {

    /** Streams per control message: keeps each request small; Binance allows 1024 streams per connection. */
    static final int STREAMS_PER_REQUEST = 200;

    /** Streams per connection when not configured: Binance futures documents 200 on some pages, 1024 on others. */
    public static final int DEFAULT_MAX_STREAMS_PER_CONNECTION = 200;
    /** USD-M types served under {@code /public} since the 2026 URL split; every other type is under {@code /market}. */
    private static final Set<String> FUTURES_ONLY_TYPES = Set.of("markPrice", "liquidation");
    private static final Set<String> USDM_PUBLIC_TYPES = Set.of("bookTicker", "depth", "book");

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<Venue> VENUES = List.of(
            // BTCUSDT, 1000SATSUSDT: letters and digits only
            Venue.of("spot", "[a-z0-9]{3,30}", "letters and digits, e.g. btcusdt",
                    "stream.binance.com", "data-stream.binance.vision"),
            // USD-M: BTCUSDT perpetual, BTCUSDT_250627 dated (quote USDT/USDC before the date)
            Venue.of("usdm", "[a-z0-9]{3,30}|[a-z0-9]{2,26}usd[tc]_\\d{6}",
                    "e.g. btcusdt, or btcusdt_250627 for a dated future", "fstream.binance.com"),
            // COIN-M: BTCUSD_PERP perpetual, BTCUSD_250627 dated
            Venue.of("coinm", "[a-z0-9]{2,26}usd_(perp|\\d{6})",
                    "e.g. btcusd_perp, or btcusd_250627 for a dated future", "dstream.binance.com"));

    private final int maxStreamsPerConnection;

    public BinanceProtocol() {
        this(DEFAULT_MAX_STREAMS_PER_CONNECTION);
    }

    public BinanceProtocol(int maxStreamsPerConnection) {
        if (maxStreamsPerConnection < 1) {
            throw new IllegalArgumentException("max streams per connection must be at least 1: " + maxStreamsPerConnection);
        }
        this.maxStreamsPerConnection = maxStreamsPerConnection;
    }

    @Override
    public String exchange() {
        return "binance";
    }

    @Override
    public List<Venue> venues() {
        return VENUES;
    }

    /** Every venue: a REST snapshot, then diffs chained by update ids. */
    @Override
    public Optional<BookSync> bookSync(String venue) {
        return Optional.of(BinanceBookSync.SYNC);
    }

    @Override
    public Channel channel(String venue, String symbol, String type) {
        return Channel.of(exchange(), market(venue, symbol), symbol, type);
    }

    /** Spot is spot; futures symbols with a delivery date ({@code BTCUSD_260327}) are dated futures, the rest perpetual. */
    static String market(String venue, String symbol) {
        if ("spot".equals(venue)) {
            return "spot";
        }
        return Channel.futuresMarket(symbol);
    }

    /** The Binance stream name for a channel, e.g. {@code btcusdt@depth@100ms}. */
    public static String streamName(Channel channel) {
        String symbol = channel.symbol();
        String type = channel.type();
        if ("spot".equals(channel.market()) && FUTURES_ONLY_TYPES.contains(type)) {
            throw new IllegalArgumentException("binance spot has no '" + type + "' stream (futures only; channel " + channel + ")");
        }
        return switch (type) {
            case "trade", "aggTrade", "bookTicker", "ticker" -> symbol + "@" + type;
            case "markPrice" -> symbol + "@markPrice@1s";
            // a maintained book is built from the diff stream, so both types share one upstream stream
            case "depth", "book" -> symbol + "@depth@100ms";
            case "liquidation" -> symbol + "@forceOrder";
            default -> {
                if (type.startsWith("kline_")) {
                    yield symbol + "@" + type;
                }
                throw new IllegalArgumentException("binance has no stream for type '" + type + "' (channel " + channel + ")");
            }
        };
    }

    @Override
    public Optional<Channel> channelOfStream(String venue, String stream) {
        String[] parts = stream.toLowerCase(Locale.ROOT).split("@");
        if (parts.length < 2 || parts[0].isEmpty() || parts[0].startsWith("!")) {
            return Optional.empty();
        }
        String type = switch (parts[1]) {
            case "trade" -> "trade";
            case "aggtrade" -> "aggTrade";
            case "bookticker" -> "bookTicker";
            case "depth" -> "depth";
            case "ticker" -> "ticker";
            case "markprice" -> "markPrice";
            case "forceorder" -> "liquidation";
            default -> parts[1].startsWith("kline_") ? "kline_" + stream.split("@")[1].substring("kline_".length()) : null;
        };
        return type == null ? Optional.empty() : Optional.of(channel(venue, parts[0], type));
    }

    @Override
    public String streamKey(Channel channel) {
        return streamName(channel);
    }

    @Override
    public Optional<Duration> connectionLifetime() {
        return Optional.of(Duration.ofHours(24)); // "expect to be disconnected at the 24 hour mark"
    }

    @Override
    public boolean isShutdownNotice(String frame) {
        // the notice is a tiny frame; don't scan big depth frames for it
        return frame.length() < 200 && frame.contains("\"serverShutdown\"");
    }

    @Override
    public String basePath(String venue, String type) {
        if (!"usdm".equals(venue)) {
            return "";
        }
        return USDM_PUBLIC_TYPES.contains(type) ? "/public" : "/market";
    }

    @Override
    public int maxStreamsPerConnection(String venue) {
        return maxStreamsPerConnection;
    }

    /**
     * Spot allows 5 incoming messages per second, the futures markets 10, and PING and PONG frames count too: one a
     * second is left for them.
     */
    @Override
    public int maxControlMessagesPerSecond(String venue) {
        return "spot".equals(venue) ? 4 : 9;
    }

    @Override
    public List<String> subscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return requests("SUBSCRIBE", channels, ids);
    }

    @Override
    public List<String> unsubscribeMessages(Collection<Channel> channels, RequestIds ids) {
        return requests("UNSUBSCRIBE", channels, ids);
    }

    private static List<String> requests(String method, Collection<Channel> channels, RequestIds ids) {
        List<String> streams = channels.stream().map(BinanceProtocol::streamName).distinct().toList();
        List<String> messages = new ArrayList<>();
        for (int from = 0; from < streams.size(); from += STREAMS_PER_REQUEST) {
            ObjectNode request = JSON.createObjectNode().put("method", method);
            streams.subList(from, Math.min(streams.size(), from + STREAMS_PER_REQUEST)).forEach(request.putArray("params")::add);
            request.put("id", ids.next());
            messages.add(request.toString());
        }
        return messages;
    }
}
