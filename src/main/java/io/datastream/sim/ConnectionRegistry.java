package io.datastream.sim;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** The simulator's open connections, and the fan-out of an event to the ones subscribed to its stream. */
final class ConnectionRegistry {

    /**
     * What happened to one event.
     *
     * @param recipients connections it was written to
     * @param congested  a recipient whose write queue is now full, or null
     */
    record Delivery(int recipients, SimConnection congested) {
    }

    private final ConcurrentSkipListMap<Long, SimConnection> open = new ConcurrentSkipListMap<>();
    private final AtomicLong accepted = new AtomicLong();

    long nextId() {
        return accepted.incrementAndGet();
    }

    /** The id of the last connection accepted (0 before the first). */
    long lastId() {
        return accepted.get();
    }

    long totalAccepted() {
        return accepted.get();
    }

    void add(SimConnection connection) {
        open.put(connection.id(), connection);
    }

    void remove(SimConnection connection) {
        open.remove(connection.id());
    }

    /** Open connections, oldest first. */
    List<SimConnection> all() {
        return List.copyOf(open.values());
    }

    int size() {
        return open.size();
    }

    /** Lower-case stream names subscribed on any open connection. */
    Set<String> subscribedStreams() {
        Set<String> union = new HashSet<>();
        open.values().forEach(c -> union.addAll(c.subscriptions()));
        return union;
    }

    /** Writes the event to every open connection of the protocol subscribed to its stream; event loop only. */
    Delivery deliver(ExchangeProtocol protocol, StreamEvent event) {
        return deliver(protocol, event, List.of());
    }

    /**
     * Writes the event to every open connection of the protocol subscribed to its stream or, failing that, to one of
     * the aliases (then under the alias's name, as the client subscribed it); event loop only.
     */
    Delivery deliver(ExchangeProtocol protocol, StreamEvent event, List<String> aliases) {
        return deliver(protocol, event, aliases, c -> true);
    }

    /** As {@link #deliver(ExchangeProtocol, StreamEvent, List)}, to the connections {@code to} accepts only. */
    Delivery deliver(ExchangeProtocol protocol, StreamEvent event, List<String> aliases, Predicate<SimConnection> to) {
        String key = SimConnection.streamKey(event.stream());
        int recipients = 0;
        SimConnection congested = null;
        for (SimConnection connection : open.values()) {
            if (connection.protocol() != protocol || !to.test(connection)) {
                continue;
            }
            StreamEvent sent = connection.hasStreamKey(key) ? event : null;
            for (int i = 0; sent == null && i < aliases.size(); i++) {
                if (connection.hasStreamKey(SimConnection.streamKey(aliases.get(i)))) {
                    sent = StreamEvent.of(aliases.get(i), event.payload());
                }
            }
            if (sent == null) {
                continue;
            }
            connection.send(protocol.encode(connection, sent));
            recipients++;
            if (congested == null && connection.writeQueueFull()) {
                congested = connection;
            }
        }
        return new Delivery(recipients, congested);
    }
}
