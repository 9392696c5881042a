package io.datastream.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.testing.WholeTextListener;

import static org.awaitility.Awaitility.await;

/** A bare control-protocol connection (JDK WebSocket), for raw requests and for dying without a goodbye. */
final class ControlSocket implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebSocket socket;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();

    ControlSocket(String uri) {
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), new WholeTextListener() {
                    @Override
                    protected void onMessage(String message) {
                        try {
                            received.add(JSON.readTree(message));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                        closeCode.complete(statusCode);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket ws, Throwable error) {
                        closeCode.complete(-1);
                    }
                }).join();
    }

    /** Sends one text frame and waits for the reply carrying {@code id}. */
    JsonNode request(String id, String text) {
        send(text);
        return reply(id);
    }

    void send(String text) {
        socket.sendText(text, true).orTimeout(5, TimeUnit.SECONDS).join();
    }

    JsonNode reply(String id) {
        await().atMost(Duration.ofSeconds(5)).until(() -> find(id) != null);
        return find(id);
    }

    /** The next message without an id (errors about unreadable requests, welcome...) with this op and code. */
    JsonNode unsolicited(String code) {
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream()
                .anyMatch(m -> code.equals(m.path("code").asText())));
        return received.stream().filter(m -> code.equals(m.path("code").asText())).findFirst().orElseThrow();
    }

    private JsonNode find(String id) {
        return received.stream().filter(m -> id.equals(m.path("id").asText(null))).findFirst().orElse(null);
    }

    CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    /** Drops the TCP connection without a close frame, like a killed process. */
    void abort() {
        socket.abort();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
