package io.datastream.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The books a protocol answers every subscribe with a fresh snapshot of, by stream, as Kraken spot and futures do
 * (a resubscribe is how their clients repair a book). Filled by the synthetic book feeds.
 */
final class BookSnapshots {

    private final Map<String, Supplier<String>> byStream = new ConcurrentHashMap<>();

    /** Every later subscribe to {@code stream} gets the frame {@code snapshot} makes at that moment (event loop). */
    void serve(String stream, Supplier<String> snapshot) {
        byStream.put(SimConnection.streamKey(stream), snapshot);
    }

    void stopServing(String stream) {
        byStream.remove(SimConnection.streamKey(stream));
    }

    /** Sends the stream's snapshot when its book is served, after the subscribe ack; event loop only. */
    void sendOnSubscribe(SimConnection connection, String stream) {
        Supplier<String> snapshot = byStream.get(SimConnection.streamKey(stream));
        if (snapshot != null) {
            connection.send(snapshot.get());
        }
    }
}
