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
 * {@code seq} for gaps and repeats, and calls the listener and the {@code Flow} subscribers in order. Messages beyond
 * the buffer are dropped (the next one of that channel then shows the gap); connection events are never dropped.
 *
 * <p>Per channel, a message whose {@code seq} is below the next expected one is either a repeat or a service restart:
 * <ul>
 * <li>a <b>repeat</b> is dropped without a call: the service publishes at least once across a Redis outage (it
 * publishes again the unconfirmed part of one batch, at most {@value #REPEAT_WINDOW} events by default), and a channel
 * plus a pattern subscription deliver the same message twice. A published-again event keeps its {@code recvTs} (only
 * {@code pubTs} is new), so it is never later than the latest {@code recvTs} already seen on the channel;</li>
 * <li>a <b>restart</b> (the service's counters started again at 1) is reported as {@code onGap(channel, expected, seq)}
 * with {@code seq < expected}, the message is delivered and counting goes on from it. It is recognised by a
 * {@code recvTs} later than every one seen on the channel (the restarted service received the event after everything
 * before it), or by a {@code seq} more than {@value #REPEAT_WINDOW} behind (farther back than any repeat goes); a
 * message without {@code recvTs} is taken for a restart only when its {@code seq} is 1.</li>
 * </ul>
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
    /**
     * How far behind the expected seq a repeat can be: the service's default {@code datastream.publish.max-batch} (a
     * Redis outage makes it publish again at most the unconfirmed part of one batch).
     */
    static final long REPEAT_WINDOW = 512;

    /** Per channel: the next expected seq and the latest recvTs delivered; touched only on the event thread. */
    private final Map<String, ChannelSeq> seqs = new HashMap<>();

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
        if (!inSequence(channel, message)) {
            return;
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

    /**
     * Checks the message's seq against its channel's and reports a gap or a restart; false for a repeat, which is
     * dropped.
     */
    private boolean inSequence(String channel, Message message) {
        long seq = message.seq();
        if (seq <= 0) {
            return true; // not counted: nothing to check
        }
        long recvTs = message.node().path("recvTs").asLong(Long.MIN_VALUE);
        ChannelSeq state = seqs.get(channel);
        if (state == null) {
            seqs.put(channel, new ChannelSeq(seq + 1, recvTs));
            return true;
        }
        long expected = state.expected;
        if (seq >= expected) {
            if (seq > expected) {
                safely(l -> l.onGap(channel, expected, seq));
            }
            state.expected = seq + 1;
            state.latestRecvTs = Math.max(state.latestRecvTs, recvTs);
            return true;
        }
        boolean restarted = expected - seq > REPEAT_WINDOW
                || (recvTs == Long.MIN_VALUE ? seq == 1 : recvTs > state.latestRecvTs);
        if (!restarted) {
            return false; // published again after a Redis outage, or the same message through a channel and a pattern
        }
        safely(l -> l.onGap(channel, expected, seq));
        state.expected = seq + 1;
        state.latestRecvTs = recvTs;
        return true;
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

    /** A channel's next expected seq and the latest {@code recvTs} delivered on it since the last (re)start. */
    private static final class ChannelSeq {
        long expected;
        long latestRecvTs;

        ChannelSeq(long expected, long latestRecvTs) {
            this.expected = expected;
            this.latestRecvTs = latestRecvTs;
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
