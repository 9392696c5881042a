package io.datastream.exchange;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.datastream.model.Times;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;

/**
 * Sends one connection's control messages (subscribe, unsubscribe, app-level ping) in order, spaced by at least
 * 1/rate s on the Vert.x timer, so a burst never exceeds the exchange's incoming-message limit; each message sent is
 * also recorded. A new connection gets a new sender: what was queued for a closed socket is dropped, the consumer
 * re-sends the whole subscription set on connect.
 */
final class ControlSender {

    private final Vertx vertx;
    private final WebSocket socket;
    private final long spacingNanos;
    private final FrameRecorder.Session recording;
    private final Queue<String> queue = new ArrayDeque<>();
    private long nextAllowedNanos = System.nanoTime();
    private boolean timerPending;
    private Runnable closeAfterQueue;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    ControlSender(Vertx vertx, WebSocket socket, int perSecond, FrameRecorder.Session recording) {
        this.vertx = vertx;
        this.socket = socket;
        this.spacingNanos = TimeUnit.SECONDS.toNanos(1) / Math.max(1, perSecond) + 1;
        this.recording = recording;
    }

    /** Queues the messages; the first goes at once when the connection has been quiet for a spacing. */
    synchronized void send(Collection<String> messages) {
        queue.addAll(messages);
        if (!timerPending) {
            drain();
        }
    }

    /**
     * Queues the messages, then closes the socket normally once they are sent (in order, within the rate limit).
     * The future completes when the close frame is on its way.
     */
    synchronized CompletableFuture<Void> sendThenClose(Collection<String> messages, short code, String reason) {
        queue.addAll(messages);
        closeAfterQueue = () -> socket.close(code, reason);
        if (!timerPending) {
            drain();
        }
        return closed;
    }

    private synchronized void drain() {
        timerPending = false;
        if (socket.isClosed()) {
            queue.clear();
            closed.complete(null);
            return;
        }
        while (!queue.isEmpty()) {
            long now = System.nanoTime();
            long waitNanos = nextAllowedNanos - now;
            if (waitNanos > 0) {
                timerPending = true;
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1), id -> drain());
                return;
            }
            String message = queue.poll();
            recording.sent(message, Times.nowMicros());
            socket.writeTextMessage(message);
            nextAllowedNanos = now + spacingNanos;
        }
        if (closeAfterQueue != null) {
            closeAfterQueue.run();
            closed.complete(null);
        }
    }
}
