package io.datastream.exchange;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.datastream.book.BookSync;
import io.datastream.model.Channel;

/**
 * The upstream protocols by exchange name; every {@link UpstreamProtocol} bean in the registry is registered at start.
 * The registered names are the exchanges the service knows.
 */
public final class Protocols {

    private final Map<String, UpstreamProtocol> byExchange = new ConcurrentHashMap<>();

    public void register(UpstreamProtocol protocol) {
        if (!Channel.isValidExchange(protocol.exchange())) {
            throw new IllegalArgumentException("exchange name '" + protocol.exchange() + "' of " + protocol.getClass()
                    .getName() + " is not a channel's exchange part (" + Channel.EXCHANGE_SHAPE + ")");
        }
        if (byExchange.putIfAbsent(protocol.exchange(), protocol) != null) {
            throw new IllegalArgumentException("protocol for exchange '" + protocol.exchange() + "' registered twice");
        }
    }

    public UpstreamProtocol get(String exchange) {
        UpstreamProtocol protocol = byExchange.get(exchange);
        if (protocol == null) {
            throw new IllegalArgumentException("no upstream protocol for exchange '" + exchange + "'; known: " + byExchange.keySet());
        }
        return protocol;
    }

    /** The registered exchange names, sorted. */
    public Set<String> names() {
        return new TreeSet<>(byExchange.keySet());
    }

    public Collection<UpstreamProtocol> all() {
        return List.copyOf(byExchange.values());
    }

    /** The book sync a venue declares; empty for an unknown exchange or a venue without books. */
    public Optional<BookSync> bookSync(String exchange, String venue) {
        UpstreamProtocol protocol = byExchange.get(exchange);
        return protocol == null ? Optional.empty() : protocol.bookSync(venue);
    }
}
