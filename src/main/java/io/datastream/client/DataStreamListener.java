package io.datastream.client;

/**
 * Receives what a {@link DataStreamClient} sees. All methods are called on the client's single event thread
 * ({@code datastream-client-events}), one at a time and in arrival order, so implementations need no locking; a slow
 * method delays the next calls (and, once the client's buffer is full, causes drops reported as gaps). Extend
 * {@link DataStreamAdapter} to override only what you need.
 */
public interface DataStreamListener {

    /** A message on a subscribed channel (or one matching a subscribed pattern). */
    void onMessage(Message message);

    /**
     * Messages of {@code channel} were lost: the one that arrived has {@code gotSeq} where {@code expectedSeq} was next.
     * {@code gotSeq < expectedSeq} means the channel's counter started again (the service restarted): the message is
     * delivered and counting goes on from it. Repeats ({@code seq} below the expected one, published again after a
     * Redis outage) are dropped without a call; a restart is told from a repeat by the message's {@code recvTs},
     * later than every one seen on the channel, or by a {@code seq} far behind (more than one publish batch).
     */
    void onGap(String channel, long expectedSeq, long gotSeq);

    /**
     * A stream state event ({@code live}, {@code stale}, {@code reconnecting}, {@code resynced}, {@code gap}) on the
     * status channel of a subscribed channel's symbol; the client subscribes those by itself.
     */
    void onStatus(Message status);

    /** A connection was lost; the client reconnects by itself with back-off. */
    void onDisconnected(Link link, Throwable cause);

    /** A connection is back and subscriptions are restored. */
    void onReconnected(Link link);

    /** The client was closed; no further calls. */
    void onClosed();

    /**
     * Something failed that the client cannot repair by itself (e.g. the server refused the token, or Redis the
     * credentials of the Redis URL).
     */
    void onFailure(Throwable error);
}
