package io.datastream.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.datastream.testing.WholeTextListener;

/**
 * A bare control-protocol connection (JDK WebSocket) for timing request round trips: {@link #request} sends one
 * request and completes with the reply text carrying its id. No JSON parsing beyond finding the id.
 */
final class ControlConnection implements AutoCloseable {

    private final WebSocket socket;
    private final Map<String, CompletableFuture<String>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<String> welcome = new CompletableFuture<>();
    private long nextId;

    ControlConnection(String uri, HttpClient http) {
        socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), new WholeTextListener() {
                    @Override
                    protected void onMessage(String message) {
                        String id = BenchSupport.stringField(message, "\"id\":\"");
                        CompletableFuture<String> waiting = id == null ? null : pending.remove(id);
                        if (waiting != null) {
                            waiting.complete(message);
                        } else if (message.contains("\"welcome\"")) {
                            welcome.complete(message);
                        }
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("closed " + statusCode)));
                        return null;
                    }
                }).join();
        welcome.orTimeout(5, TimeUnit.SECONDS).join();
    }

    /** Sends {@code {"v":1,"op":<op>,"id":<next>}} and completes with the reply. */
    CompletableFuture<String> request(String op) {
        String id = "r" + (++nextId);
        CompletableFuture<String> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText("{\"v\":1,\"op\":\"" + op + "\",\"id\":\"" + id + "\"}", true);
        return reply;
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
