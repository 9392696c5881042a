package io.datastream.sim;

import java.util.List;
import java.util.Optional;

/** One exchange's WebSocket dialect; the simulator picks a protocol per connection by request path. */
public interface ExchangeProtocol {

    /** Short name for logs and errors, e.g. {@code binance}. */
    String name();

    /**
     * Where this protocol serves an exchange venue ({@code binance}/{@code spot} → {@code ""}, {@code kraken}/{@code spot}
     * → {@code /kraken/v2}): the path to append to the simulator's URL for the venue's {@code ws-url}, or empty when
     * this protocol does not speak that venue. Replay mode points each venue at it.
     */
    default Optional<String> venuePath(String exchange, String venue) {
        return Optional.empty();
    }

    /** The endpoint for an upgrade request, or empty when this protocol does not serve the path. */
    Optional<Endpoint> endpoint(String path, String query);

    /** Handles a text message from the client (subscribe, unsubscribe, …), replying through the connection. */
    void onClientText(SimConnection connection, String text);

    /** Whether recordings from this source can be replayed by this protocol. */
    boolean canReplay(Recording recording);

    /** Stream names the recording carries; replay waits for clients to subscribe to them. */
    List<String> streams(Recording recording);

    /** The event inside a recorded frame, or empty for frames that are not stream data (acks, heartbeats). */
    Optional<StreamEvent> recordedEvent(String frameText);

    /**
     * Other names a client may subscribe a recorded stream's data under: the same stream at another update speed
     * (Binance {@code btcusdt@markPrice}, every 3 s, and {@code btcusdt@markPrice@1s}). A replay sends a recorded
     * stream's events to clients subscribed under any of them, so a recording made at one speed replays to a client
     * that subscribes another. Empty for none.
     */
    default List<String> replayAliases(String stream) {
        return List.of();
    }

    /** The text to send on this connection for the event. */
    default String encode(SimConnection connection, StreamEvent event) {
        return event.payload();
    }

    /** Called once a client connected, e.g. to greet it with a status message. */
    default void onOpen(SimConnection connection) {
    }

    /** The message sent on a connection with subscriptions that has been quiet for a second, or empty for none. */
    default Optional<String> idleHeartbeat() {
        return Optional.empty();
    }

    /**
     * A message the exchange sends about once a second on its own schedule, whatever else the connection carries
     * (Kraken futures' {@code heartbeat} feed once subscribed), or empty for none.
     */
    default Optional<String> periodicHeartbeat(SimConnection connection, long nowMillis) {
        return Optional.empty();
    }

    /** The books this protocol answers a subscribe with a snapshot of, or empty when it sends none on subscribe. */
    default Optional<BookSnapshots> bookSnapshots() {
        return Optional.empty();
    }

    /** The exchange's "server shutting down" notice for this connection, or empty if the exchange has none. */
    default Optional<String> serverShutdownNotice(SimConnection connection, long nowMillis) {
        return Optional.empty();
    }
}
