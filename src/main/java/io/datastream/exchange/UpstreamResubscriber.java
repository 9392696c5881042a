package io.datastream.exchange;

import io.datastream.book.Resubscriber;
import io.datastream.model.Channel;
import java.util.List;
import java.util.Set;

/** Resubscribes a symbol's book data on whichever upstream connection carries it; other symbols are left alone. */
public final class UpstreamResubscriber implements Resubscriber {

    private static final Set<String> BOOK_DATA_TYPES = Set.of("depth", "book");

    private final Upstreams upstreams;

    public UpstreamResubscriber(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public void resubscribe(Channel bookChannel) {
        for (UpstreamConsumer feed : upstreams.all()) {
            List<Channel> bookData = feed.channels().stream()
                    .filter(c -> BOOK_DATA_TYPES.contains(c.type()) && c.withType("book").equals(bookChannel))
                    .toList();
            if (!bookData.isEmpty()) {
                feed.resubscribe(bookData);
            }
        }
    }
}
