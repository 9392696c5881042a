package io.datastream.exchange;

import io.datastream.model.Channel;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which {@code book} channels are subscribed on the upstream connections. Looked up for every depth event, so the
 * set is rebuilt at most every {@link #REFRESH_NANOS} rather than copied from the feeds each time.
 */
public final class SubscribedBooks implements Predicate<Channel> {

    static final long REFRESH_NANOS = 100_000_000L;

    private final Upstreams upstreams;
    private volatile Set<Channel> books = Set.of();
    private volatile long refreshedAt = System.nanoTime() - 2 * REFRESH_NANOS;

    public SubscribedBooks(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public boolean test(Channel bookChannel) {
        long now = System.nanoTime();
        if (now - refreshedAt > REFRESH_NANOS) {
            Set<Channel> current = new HashSet<>();
            for (UpstreamConsumer feed : upstreams.all()) {
                feed.channels().stream().filter(c -> "book".equals(c.type())).forEach(current::add);
            }
            books = Set.copyOf(current);
            refreshedAt = now;
        }
        return books.contains(bookChannel);
    }
}
