package io.datastream.client;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The client's event thread: takes messages from the Redis I/O threads without blocking them, checks each channel's
 * {@code seq} for gaps, and calls the listener and the {@code Flow} subscribers in order. Messages beyond the buffer
 * are dropped (the next one of that channel then shows the gap); connection events are never dropped.
 */
final class EventDispatcher {

    static final String THREAD_NAME = "datastream-client-events";
    private static final System.Logger LOG = System.getLogger(EventDispatcher.class.getName());

    private final DataStreamListener listener;
    private final Predicate<String> onlyStatusWanted;
    private final int capacity;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, THREAD_NAME);
        t.setDaemon(true);
        return t;
    });
    private final SubmissionPublisher<Message> publisher;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    /** Next expected seq per channel; touched only on the event thread. */
    private final Map<String, Long> nextSeq = new HashMap<>();

    /**
     * @param onlyStatusWanted true for status channels the client subscribed by itself (they go to onStatus only)
     */
    EventDispatcher(DataStreamListener listener, Predicate<String> onlyStatusWanted, int capacity) {
        this.listener = listener;
        this.onlyStatusWanted = onlyStatusWanted;
        this.capacity = capacity;
        this.publisher = new SubmissionPublisher<>(ForkJoinPool.commonPool(), Math.min(capacity, 8192));
    }

    /** From an I/O thread: queue a message, or drop it when the buffer is full. */
    void message(String channel, String json) {
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        execute(() -> {
            queued.decrementAndGet();
            deliver(channel, json);
        });
    }

    /** A connection event for the listener, in order with the messages. */
    void event(Consumer<DataStreamListener> call) {
        execute(() -> safely(call));
    }

    private void deliver(String channel, String json) {
        Message message;
        try {
            message = Message.of(channel, json);
        } catch (IllegalArgumentException e) {
            safely(l -> l.onFailure(new DataStreamException("unreadable message on " + channel + ": " + e.getMessage(), e)));
            return;
        }
        long seq = message.seq();
        if (seq > 0) {
            Long expected = nextSeq.get(channel);
            if (expected != null && seq == expected - 1) {
                return; // the same message through a channel and a pattern subscription
            }
            nextSeq.put(channel, seq + 1);
            if (expected != null && seq != expected) {
                safely(l -> l.onGap(channel, expected, seq));
            }
        }
        if (message.isStatus()) {
            safely(l -> l.onStatus(message));
            if (onlyStatusWanted.test(channel)) {
                return;
            }
        }
        safely(l -> l.onMessage(message));
        publisher.offer(message, (subscriber, item) -> {
            dropped.incrementAndGet();
            return false;
        });
    }

    private void safely(Consumer<DataStreamListener> call) {
        try {
            call.accept(listener);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "DataStream listener threw", e);
        }
    }

    private void execute(Runnable task) {
        try {
            thread.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed: nothing is delivered after onClosed
        }
    }

    SubmissionPublisher<Message> publisher() {
        return publisher;
    }

    /** Messages dropped because the listener or a Flow subscriber did not keep up. */
    long dropped() {
        return dropped.get();
    }

    /** Delivers what is queued, then onClosed, then completes the Flow subscribers. */
    void close() {
        execute(() -> safely(DataStreamListener::onClosed));
        thread.shutdown();
        if (Thread.currentThread().getName().equals(THREAD_NAME)) {
            publisher.close();
            return; // closed from a listener: the queue drains after this call returns
        }
        try {
            if (!thread.awaitTermination(2, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.close();
    }
}
