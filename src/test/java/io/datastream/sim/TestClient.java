package io.datastream.sim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A JDK WebSocket client that records everything it receives, for simulator tests. */
final class TestClient implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger pings = new AtomicInteger();
    final AtomicInteger pongs = new AtomicInteger();
    volatile Integer closeCode;
    volatile String closeReason;
    volatile Throwable error;
    private final boolean autoRequest;
    private final StringBuilder partial = new StringBuilder();
    private volatile WebSocket socket;

    private TestClient(boolean autoRequest) {
        this.autoRequest = autoRequest;
    }

    /** Connects and keeps asking for the next message as each arrives. */
    static TestClient connect(String url) {
        return connectAsync(url, true).join();
    }

    /** Connects but reads nothing until {@link #requestAll()}: the server sees a slow consumer. */
    static TestClient connectPaused(String url) {
        return connectAsync(url, false).join();
    }

    static CompletableFuture<TestClient> connectAsync(String url, boolean autoRequest) {
        TestClient client = new TestClient(autoRequest);
        return HTTP.newWebSocketBuilder().buildAsync(URI.create(url), client)
                .thenApply(ws -> client)
                .orTimeout(5, TimeUnit.SECONDS);
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    void sendPing() {
        socket.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
    }

    void requestAll() {
        socket.request(Long.MAX_VALUE);
    }

    /** A snapshot of the text messages received so far, in order. */
    List<String> messages() {
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    int messageCount() {
        return messages.size();
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        this.socket = webSocket;
        if (autoRequest) {
            webSocket.request(1);
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        pings.incrementAndGet();
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        pongs.incrementAndGet();
        more(webSocket);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode = statusCode;
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
        error = failure;
    }

    private void more(WebSocket webSocket) {
        if (autoRequest) {
            webSocket.request(1);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
