package io.datastream.sim;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A feed that pushes events to subscribed connections: waits for subscribers, then runs on the event loop,
 * pausing on full write queues. Subclasses do their work on the event loop only.
 */
abstract class FeedJob implements FeedHandle {

    /**
     * Once some streams are subscribed, start without the rest when no further one has been subscribed for this long.
     * Measured from the last new subscription, not the first: a client that subscribes in several rate-limited
     * messages (Kraken spot: 5 per second, one per channel) or over several connections is waited for.
     */
    private static final long PARTIAL_SUBSCRIPTION_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final long SUBSCRIBER_POLL_MILLIS = 5;
    /** While the server is stalled feeds keep their place and look again this often. */
    static final long STALL_POLL_MILLIS = 10;

    protected final ExchangeSimulator simulator;
    protected final ExchangeProtocol protocol;
    private long periodicTimer = -1;
    private final Set<String> streamKeys;
    /** Per stream key, the keys a client may subscribe it under: its own and its aliases (replay only). */
    private final Map<String, Set<String>> acceptedKeys;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong pauses = new AtomicLong();
    private volatile boolean stopped;
    // event-loop only: how many of the streams were subscribed at the last look, and since when
    private long subscribedCount;
    private long subscribedCountSinceNanos = -1;

    FeedJob(ExchangeSimulator simulator, ExchangeProtocol protocol, Collection<String> streams) {
        this(simulator, protocol, streams, stream -> List.of());
    }

    /** A feed whose streams also count as subscribed when a client subscribed one of their aliases. */
    FeedJob(ExchangeSimulator simulator, ExchangeProtocol protocol, Collection<String> streams,
            Function<String, List<String>> aliases) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("A feed needs at least one stream to wait for");
        }
        this.simulator = simulator;
        this.protocol = protocol;
        this.streamKeys = streams.stream().map(SimConnection::streamKey).collect(Collectors.toUnmodifiableSet());
        this.acceptedKeys = streams.stream().collect(Collectors.toUnmodifiableMap(SimConnection::streamKey,
                stream -> Stream.concat(Stream.of(stream), aliases.apply(stream).stream()).map(SimConnection::streamKey)
                        .collect(Collectors.toUnmodifiableSet()), (a, b) -> a));
    }

    /** Called on the event loop when subscribers are there; the subclass starts sending. */
    protected abstract void begin();

    /** Called on the event loop after {@link #stop()}, once the {@link #every} timer is cancelled. */
    protected void onStop() {
    }

    /** Runs {@code tick} on the event loop every {@code millis} until the job stops (one such timer per job). */
    protected final void every(long millis, Runnable tick) {
        periodicTimer = simulator.vertx().setPeriodic(millis, id -> tick.run());
    }

    /** Cancels the {@link #every} timer, then lets the subclass clean up. */
    protected final void stopTicking() {
        if (periodicTimer >= 0) {
            simulator.vertx().cancelTimer(periodicTimer);
            periodicTimer = -1;
        }
        onStop();
    }

    final void start() {
        simulator.runOnLoop(this::awaitSubscribers);
    }

    /** Starts once a stream is subscribed and either all are or none was added during the grace period. */
    protected final void awaitSubscribers() {
        if (stopped) {
            return;
        }
        if (subscribersReady()) {
            subscribedCount = 0;
            subscribedCountSinceNanos = -1;
            begin();
        } else {
            later(SUBSCRIBER_POLL_MILLIS, this::awaitSubscribers);
        }
    }

    private boolean subscribersReady() {
        Set<String> subscribed = simulator.subscribedStreams();
        long matching = streamKeys.stream().filter(key -> acceptedKeys.get(key).stream().anyMatch(subscribed::contains)).count();
        long now = System.nanoTime();
        if (matching != subscribedCount || subscribedCountSinceNanos < 0) {
            subscribedCount = matching;
            subscribedCountSinceNanos = now;
        }
        if (matching == 0) {
            return false;
        }
        if (matching == streamKeys.size()) {
            return true;
        }
        return now - subscribedCountSinceNanos >= PARTIAL_SUBSCRIPTION_GRACE_NANOS;
    }

    /** Writes the event to its subscribers. */
    protected final ConnectionRegistry.Delivery deliver(StreamEvent event) {
        return simulator.deliver(protocol, event);
    }

    /** Writes the event to its subscribers among the connections {@code recipients} accepts (e.g. one path only). */
    protected final ConnectionRegistry.Delivery deliver(StreamEvent event, Predicate<SimConnection> recipients) {
        return simulator.deliver(protocol, event, recipients);
    }

    /** Writes the event to its subscribers and to the clients subscribed to one of its aliases. */
    protected final ConnectionRegistry.Delivery deliver(StreamEvent event, List<String> aliases) {
        return simulator.deliver(protocol, event, aliases);
    }

    /**
     * If a recipient's write queue filled up, arranges for {@code resume} to run on the event loop once it drains
     * (or closes) and returns true: the caller must stop sending until then.
     */
    protected final boolean pauseIfCongested(ConnectionRegistry.Delivery delivery, Runnable resume) {
        if (delivery.congested() == null) {
            return false;
        }
        pauses.incrementAndGet();
        delivery.congested().whenWritable(() -> simulator.runOnLoop(resume));
        return true;
    }

    protected final void later(long millis, Runnable task) {
        simulator.vertx().setTimer(Math.max(1, millis), id -> task.run());
    }

    protected final boolean isStopped() {
        return stopped;
    }

    protected final void finish() {
        simulator.jobFinished(this);
        done.complete(null);
    }

    @Override
    public final boolean isDone() {
        return done.isDone();
    }

    @Override
    public final boolean awaitDone(Duration timeout) {
        try {
            done.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Feed failed", e.getCause());
        }
    }

    @Override
    public final void stop() {
        stopped = true;
        // wait for the loop: a tick in progress could otherwise still move a book after stop() returned
        simulator.runOnLoopAndWaitIfOpen(this::stopTicking);
        finish();
    }

    @Override
    public final long pauses() {
        return pauses.get();
    }
}
