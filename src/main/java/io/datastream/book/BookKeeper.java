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

    private final BookSync.Services services;
    private final BookSyncs syncs;
    private final Predicate<Channel> wanted;
    private final Map<Channel, SymbolBook> booksByDepthChannel = new ConcurrentHashMap<>();

    /** {@code syncs} says how each venue keeps its books, {@code wanted} which book channels are subscribed. */
    public BookKeeper(BookSync.Services services, BookSyncs syncs, Predicate<Channel> wanted) {
        this.services = services;
        this.syncs = syncs;
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
        BookSync sync = syncs.of(bookChannel.exchange(), venue).orElseThrow(() -> new IllegalArgumentException(
                "no book sync for " + bookChannel.exchange() + " venue " + venue + " (its protocol declares none)"));
        return sync.create(bookChannel, symbol, venue, services);
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
        return services.settings();
    }
}
