package io.datastream.exchange;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.datastream.book.BookSync;
import io.datastream.model.Channel;

/**
 * How one exchange's market-data WebSocket is spoken: which channels map to which upstream subscriptions and
 * which control messages add or remove them. One implementation per exchange, registered in {@link Protocols}; with
 * its normalizer it is the exchange's whole definition: the control server, replay mode and the book keeper ask it
 * for the exchange's name, venues, limits and book sync.
 */
public interface UpstreamProtocol {

    /** Registry name, the same as the route's {@code exchange} header (e.g. {@code binance}). */
    String exchange();

    /** The exchange's venues (market families): what a route's {@code venue} may name. */
    List<Venue> venues();

    /** The declared venue of that name, if any. */
    default Optional<Venue> venue(String name) {
        return venues().stream().filter(v -> v.name().equals(name)).findFirst();
    }

    /** How the venue keeps maintained {@code book}s from its depth events; empty when it keeps none. */
    default Optional<BookSync> bookSync(String venue) {
        return Optional.empty();
    }

    /** The channel a configured venue streams for a symbol and data type (the venue decides the market). */
    Channel channel(String venue, String symbol, String type);

    /**
     * The exchange's own spelling of a channel's symbol ({@code btcusdt → BTCUSDT}), for the {@code symbol} of status
     * events, which are announced before any data event has shown it.
     */
    default String nativeSymbol(Channel channel) {
        return channel.symbol().toUpperCase(Locale.ROOT);
    }

    /** The channel an upstream subscription name stands for (inverse of the subscribe mapping), if it has one. */
    Optional<Channel> channelOfStream(String venue, String stream);

    /**
     * Every channel an upstream subscription name stands for; one subscription may feed several types (Kraken's
     * {@code ticker} gives {@code ticker} and {@code bookTicker}). Replay mode subscribes what a recording names.
     */
    default List<Channel> channelsOfStream(String venue, String stream) {
        return channelOfStream(venue, stream).stream().toList();
    }

    /**
     * The URL base path a venue's data type must be streamed from, e.g. Binance USD-M {@code /public} for book data and
     * {@code /market} for the rest; empty when any path serves it. A channel on the wrong path fails silently upstream,
     * so the feed refuses it.
     */
    default String basePath(String venue, String type) {
        return "";
    }

    /** Most channels one connection of the venue may carry. */
    default int maxStreamsPerConnection(String venue) {
        return Integer.MAX_VALUE;
    }

    /** Most control messages (subscribe, unsubscribe, ping) one connection of the venue may send per second. */
    default int maxControlMessagesPerSecond(String venue) {
        return 5;
    }

    /**
     * The upstream subscription a channel rides on. Channels with the same key share one upstream stream (Kraken's
     * ticker feeds ticker and bookTicker; a book is built from the depth stream), which is subscribed once and only
     * unsubscribed when no channel needs it any more.
     */
    default String streamKey(Channel channel) {
        return channel.toString();
    }

    /** Control messages that subscribe the given channels on an open connection (batched within the exchange's limits). */
    List<String> subscribeMessages(Collection<Channel> channels, RequestIds ids);

    /** Control messages that unsubscribe the given channels. */
    List<String> unsubscribeMessages(Collection<Channel> channels, RequestIds ids);

    /** An application-level ping to send periodically, for exchanges that want one (empty: WebSocket PING frames suffice). */
    default Optional<String> pingMessage(String venue, RequestIds ids) {
        return Optional.empty();
    }

    /**
     * The longest the exchange lets a connection go without a ping from us before it closes it (Kraken futures: 60 s),
     * if it documents one: a feed of the venue refuses to start with a longer {@code datastream.upstream.ping-interval}.
     */
    default Optional<Duration> maxPingInterval(String venue) {
        return Optional.empty();
    }

    /** How long the exchange keeps a connection before closing it (Binance: 24 h); the feed rotates before that. */
    default Optional<Duration> connectionLifetime() {
        return Optional.empty();
    }

    /** Whether a raw frame announces that the server is about to close the connection (Binance {@code serverShutdown}). */
    default boolean isShutdownNotice(String frame) {
        return false;
    }

    /** Source of request ids for control messages, increasing per connection. */
    interface RequestIds {
        long next();
    }
}
