package io.datastream.book;

import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.apache.camel.Header;

/**
 * The route step after normalization: passes every event through unchanged and feeds the {@code depth} events of
 * symbols whose {@code book} channel is subscribed into that symbol's synchronizer, which publishes {@code book} and
 * status events itself (snapshots complete on other threads). A symbol whose book is no longer wanted is dropped.
 */
public final class BookKeeper {

    private final BookSettings settings;
    private final SnapshotSource snapshots;
    private final Resubscriber resubscriber;
    private final BookOutput output;
    private final BookMetrics metrics;
    private final Predicate<Channel> wanted;
    private final Map<Channel, SymbolBook> booksByDepthChannel = new ConcurrentHashMap<>();

    public BookKeeper(BookSettings settings, SnapshotSource snapshots, Resubscriber resubscriber, BookOutput output,
                      BookMetrics metrics, Predicate<Channel> wanted) {
        this.settings = settings;
        this.snapshots = snapshots;
        this.resubscriber = resubscriber;
        this.output = output;
        this.metrics = metrics;
        this.wanted = wanted;
    }

    /** Route step: body = normalized events, header {@code market} = the connection's venue. Returns the body. */
    public List<MarketEvent> apply(List<MarketEvent> events, @Header("market") String venue) {
        for (int i = 0; i < events.size(); i++) {
            MarketEvent event = events.get(i);
            if (event.payload() instanceof Depth depth) {
                onDepth(event, depth, venue);
            }
        }
        return events;
    }

    private void onDepth(MarketEvent event, Depth depth, String venue) {
        Channel depthChannel = event.channel();
        SymbolBook book = booksByDepthChannel.get(depthChannel);
        Channel bookChannel = book != null ? book.channel() : depthChannel.withType("book");
        if (!wanted.test(bookChannel)) {
            if (book != null) {
                booksByDepthChannel.remove(depthChannel);
            }
            return;
        }
        if (book == null) {
            book = booksByDepthChannel.computeIfAbsent(depthChannel, c -> create(bookChannel, event.symbol(), venue));
        }
        book.onDepth(event, depth);
    }

    private SymbolBook create(Channel bookChannel, String symbol, String venue) {
        boolean spot = "spot".equals(bookChannel.market());
        return switch (bookChannel.exchange()) {
            case "binance" -> new BinanceBookSync(bookChannel, symbol, venue != null ? venue : binanceVenue(bookChannel),
                    snapshots, settings, output, metrics);
            case "kraken" -> spot
                    ? new KrakenSpotBookSync(bookChannel, symbol, resubscriber, settings, output, metrics)
                    : new KrakenFuturesBookSync(bookChannel, symbol, resubscriber, settings, output, metrics);
            default -> throw new IllegalArgumentException("no book synchronizer for exchange " + bookChannel.exchange());
        };
    }

    /** Without the route's venue header: spot is spot, {@code *_PERP} and other {@code _} symbols COIN-M, else USD-M. */
    private static String binanceVenue(Channel channel) {
        if ("spot".equals(channel.market())) {
            return "spot";
        }
        return channel.symbol().contains("_") ? "coinm" : "usdm";
    }

    /** Publishes books held back by the throttle; called periodically. */
    public void flushThrottled() {
        booksByDepthChannel.values().forEach(SymbolBook::flush);
    }

    /** The maintained books. */
    public Collection<SymbolBook> books() {
        return List.copyOf(booksByDepthChannel.values());
    }

    /** The maintained book of a {@code book} channel, if any. */
    public SymbolBook book(Channel bookChannel) {
        return booksByDepthChannel.get(bookChannel.withType("depth"));
    }

    public BookSettings settings() {
        return settings;
    }
}
