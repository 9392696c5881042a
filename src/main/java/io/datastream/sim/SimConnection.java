package io.datastream.sim;

import io.vertx.core.http.ServerWebSocket;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client WebSocket on the simulator: its subscriptions, what it sent, and how to write to it.
 * Writes happen on the simulator's event loop; the recorded state may be read from any thread.
 */
public final class SimConnection {

    private final long id;
    private final ServerWebSocket socket;
    private final ExchangeProtocol protocol;
    private final Endpoint endpoint;
    private final CopyOnWriteArraySet<String> streams = new CopyOnWriteArraySet<>();
    private final CopyOnWriteArrayList<String> receivedMessages = new CopyOnWriteArrayList<>();
    private final AtomicInteger pingsSent = new AtomicInteger();
    private final AtomicInteger pongsReceived = new AtomicInteger();
    private final AtomicInteger pingsReceived = new AtomicInteger();
    // event-loop only: callbacks waiting for the write queue to drain
    private final List<Runnable> drainWaiters = new ArrayList<>();
    private volatile boolean combined;
    private volatile boolean open = true;
    private volatile long lastSendNanos = System.nanoTime();

    SimConnection(long id, ServerWebSocket socket, ExchangeProtocol protocol, Endpoint endpoint) {
        this.id = id;
        this.socket = socket;
        this.protocol = protocol;
        this.endpoint = endpoint;
        this.combined = endpoint.combined();
        endpoint.initialStreams().forEach(s -> streams.add(streamKey(s)));
        socket.drainHandler(v -> fireDrainWaiters());
    }

    /** Stream names are case-insensitive; the simulator keys them in lower case. */
    public static String streamKey(String stream) {
        return stream.toLowerCase(Locale.ROOT);
    }

    public long id() {
        return id;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    public ExchangeProtocol protocol() {
        return protocol;
    }

    /** Whether events go out wrapped with their stream name; starts from the endpoint, a client may switch it. */
    public boolean isCombined() {
        return combined;
    }

    public void setCombined(boolean combined) {
        this.combined = combined;
    }

    /** Sends a text frame unless the socket has closed. */
    public void send(String text) {
        if (open && !socket.isClosed()) {
            socket.writeTextMessage(text);
            lastSendNanos = System.nanoTime();
        }
    }

    public void subscribe(Collection<String> names) {
        names.forEach(s -> streams.add(streamKey(s)));
    }

    public void unsubscribe(Collection<String> names) {
        names.forEach(s -> streams.remove(streamKey(s)));
    }

    /** Subscribed streams in lower case, in subscription order. */
    public List<String> subscriptions() {
        return List.copyOf(streams);
    }

    public boolean isSubscribed(String stream) {
        return streams.contains(streamKey(stream));
    }

    boolean hasStreamKey(String key) {
        return streams.contains(key);
    }

    /** Nanoseconds since the last frame this connection sent. */
    long quietNanos() {
        return System.nanoTime() - lastSendNanos;
    }

    public boolean isOpen() {
        return open;
    }

    public ConnectionInfo info() {
        return new ConnectionInfo(id, endpoint.pathPrefix(), endpoint.path(), combined, List.copyOf(streams),
                List.copyOf(receivedMessages), pingsSent.get(), pongsReceived.get(), pingsReceived.get());
    }

    ServerWebSocket socket() {
        return socket;
    }

    void recordReceived(String text) {
        receivedMessages.add(text);
    }

    void recordPingSent() {
        pingsSent.incrementAndGet();
    }

    void recordPong() {
        pongsReceived.incrementAndGet();
    }

    void recordClientPing() {
        pingsReceived.incrementAndGet();
    }

    boolean writeQueueFull() {
        return open && !socket.isClosed() && socket.writeQueueFull();
    }

    /** Runs the callback once the socket can take more (or has closed); event loop only. */
    void whenWritable(Runnable callback) {
        if (writeQueueFull()) {
            drainWaiters.add(callback);
        } else {
            callback.run();
        }
    }

    /** Marks the connection closed and releases anyone waiting on it; event loop only. */
    void markClosed() {
        open = false;
        fireDrainWaiters();
    }

    private void fireDrainWaiters() {
        List<Runnable> waiting = new ArrayList<>(drainWaiters);
        drainWaiters.clear();
        waiting.forEach(Runnable::run);
    }

    @Override
    public String toString() {
        return "SimConnection[" + id + " " + endpoint.path() + "]";
    }
}
