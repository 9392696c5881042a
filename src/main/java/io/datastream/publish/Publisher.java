package io.datastream.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.datastream.exchange.StatusSink;
import io.datastream.model.Channel;
import io.datastream.model.MarketEvent;
import io.datastream.model.Times;
import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hand-off between the upstream readers and Redis. Routes {@link #offer} normalized events: each gets its channel's
 * next {@code seq} and joins one bounded FIFO queue, so a reader thread never waits on Redis. One writer thread drains
 * whatever is queued (a batch grows with the load) and hands it to the {@link BatchWriter}, which PUBLISHes it in one
 * pipeline. While Redis keeps up but the feeds outrun it, a queue past its high-water mark (a tenth of its capacity)
 * makes the offering thread (a feed's worker) wait: its pending frames grow, its socket pauses and the exchange's TCP
 * window slows the feed, so nothing is lost and the rest of the queue stays free for a Redis outage. When Redis
 * is down the writer keeps the batch and retries with back-off while the queue absorbs new events; waiting then would
 * stall consumption, so once the queue is full new events are dropped, counted, logged and announced as a {@code gap}
 * on the channel's {@code status} channel after recovery, with the missed {@code seq} range (each announced range
 * counts in {@value #GAPS}).
 */
public final class Publisher implements StatusSink {

    private static final Logger LOG = LoggerFactory.getLogger(Publisher.class);
    /**
     * Losses announced as a {@code gap} status, tagged {@code channel} (the channel whose events were lost) and
     * {@code cause}: {@code overflow} here, {@code update-id}, {@code checksum} or {@code sequence} for order books.
     */
    public static final String GAPS = "datastream.gaps";
    private static final IntervalFunction RETRY = IntervalFunction.ofExponentialBackoff(Duration.ofMillis(50), 2.0,
            Duration.ofSeconds(2));

    private final BlockingQueue<Outbound> queue;
    /** A tenth of the capacity: beyond it, feeds wait while Redis is writable; the rest is for Redis outages. */
    private final int highWater;
    private final Object room = new Object();
    private int waiting;
    private final int maxBatch;
    private final MeterRegistry meters;
    private final Map<Channel, ChannelCounters> channels = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Timer exchangeToPublish;
    private final Timer receiveToPublish;
    private final Timer backPressure;
    private volatile BatchWriter writer;
    private volatile boolean running;
    /** False from a failed write until the next one succeeds: Redis is down or refusing, so nobody should wait. */
    private volatile boolean redisWritable = true;
    private volatile boolean dropsToAnnounce;
    private volatile int holding;
    private volatile Thread writerThread;

    public Publisher(int capacity, int maxBatch, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.highWater = Math.max(1, capacity / 10);
        this.maxBatch = maxBatch;
        this.meters = meters;
        meters.gauge("datastream.publish.buffer.depth", queue, BlockingQueue::size);
        this.exchangeToPublish = Timer.builder("datastream.latency.exchange.to.publish")
                .description("exchange event time to Redis PUBLISH").publishPercentileHistogram().register(meters);
        this.receiveToPublish = Timer.builder("datastream.latency.receive.to.publish")
                .description("local frame receipt to Redis PUBLISH").publishPercentileHistogram().register(meters);
        this.backPressure = Timer.builder("datastream.publish.backpressure")
                .description("time a feed waited for room in the full publish queue while Redis was writable")
                .register(meters);
    }

    /** When the channel last had an event (System.nanoTime), or Long.MIN_VALUE if never: for the cadence check. */
    public long lastEventNanos(Channel channel) {
        ChannelCounters counters = channels.get(channel);
        return counters == null ? Long.MIN_VALUE : counters.lastEventNanos;
    }

    /**
     * Queues normalized events in order. Waits while the queue is past its high-water mark and Redis is writable
     * (back-pressure); while Redis is down, drops, counts and later announces events that do not fit.
     */
    public void offer(List<MarketEvent> events) {
        for (MarketEvent event : events) {
            if (queue.size() >= highWater) {
                awaitRoom();
            }
            ChannelCounters counters = counters(event.channel());
            if (!counters.enqueue(event, queue)) {
                dropsToAnnounce = true;
                long total = dropped.incrementAndGet();
                if (total == 1 || total % 10_000 == 0) {
                    LOG.error("Publish buffer full ({} events): dropped {} events so far, latest on {}", queue.size(),
                            total, counters.name);
                }
            }
        }
    }

    /**
     * Back-pressure: while Redis is writable, the offering thread waits until the queue is below its high-water mark,
     * so a backlog waits in front of the feeds (their sockets pause) and the rest of the queue stays free to absorb a
     * Redis outage. Never waits on the writer thread (only it makes room) nor once Redis fails or we are stopping.
     */
    private void awaitRoom() {
        if (Thread.currentThread() == writerThread) {
            return;
        }
        long start = System.nanoTime();
        synchronized (room) {
            waiting++;
            try {
                while (queue.size() >= highWater && running && redisWritable) {
                    room.wait(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting--;
            }
        }
        backPressure.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }

    @Override
    public void status(Collection<Channel> dataChannels, Function<Channel, String> nativeSymbol, String state,
                       String reason) {
        long now = Times.nowMicros();
        // one status channel serves all data types of a symbol: announce once per symbol
        offer(dataChannels.stream().map(c -> c.withType("status")).distinct()
                .map(c -> MarketEvent.status(c, nativeSymbol.apply(c), state, reason, null, null, now)).toList());
    }

    public synchronized void start(BatchWriter batchWriter) {
        this.writer = batchWriter;
        running = true;
        writerThread = new Thread(this::writeLoop, "redis-publisher");
        writerThread.setDaemon(true);
        writerThread.start();
    }

    /** Stops taking new work and flushes what is queued, waiting up to {@code timeout} for Redis. */
    public synchronized void stop(Duration timeout) throws InterruptedException {
        running = false;
        if (writerThread != null) {
            writerThread.join(timeout.toMillis());
            if (writerThread.isAlive()) {
                LOG.error("Publisher stopped with {} events not published (Redis unreachable for {})",
                        holding + queue.size(), timeout);
                writerThread.interrupt();
            }
            writerThread = null;
        }
    }

    private void writeLoop() {
        List<Outbound> drained = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Outbound first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, maxBatch - 1);
                wakeWaitingFeeds();
                PublishBatch batch = new PublishBatch(drained);
                drained.clear();
                writeUntilDone(batch);
                // announce once there is room again, or the announcements would be dropped themselves
                if (dropsToAnnounce && queue.remainingCapacity() > queue.size()) {
                    announceDrops();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void wakeWaitingFeeds() {
        synchronized (room) {
            if (waiting > 0) {
                room.notifyAll();
            }
        }
    }

    private void writeUntilDone(PublishBatch batch) throws InterruptedException {
        holding = batch.events().size();
        for (int attempt = 1; ; attempt++) {
            try {
                writer.write(batch);
                redisWritable = batch.isDone(); // not done: Redis confirmed only part of the batch
                if (redisWritable) {
                    holding = 0;
                    recordPublished(batch);
                    if (attempt > 1) {
                        LOG.info("Redis publishing resumed after {} attempts; {} events queued", attempt, queue.size());
                    }
                    return;
                }
            } catch (Exception e) {
                redisWritable = false;
                if (attempt == 1 || attempt % 20 == 0) {
                    LOG.warn("Redis publish failed (attempt {}), holding {} events and {} queued: {}", attempt,
                            batch.unwritten().size(), queue.size(), rootMessage(e));
                }
            }
            Thread.sleep(RETRY.apply(Math.min(attempt, 10)));
        }
    }

    private void recordPublished(PublishBatch batch) {
        long now = Times.nowMicros();
        for (Outbound out : batch.events()) {
            MarketEvent event = out.event();
            counters(event.channel()).published.increment();
            exchangeToPublish.record(Math.max(0, now - event.ts()), TimeUnit.MICROSECONDS);
            receiveToPublish.record(Math.max(0, now - event.recvTs()), TimeUnit.MICROSECONDS);
        }
    }

    /** After an overflow, tells each affected channel's subscribers which seq range they will never see. */
    private void announceDrops() {
        dropsToAnnounce = false;
        long now = Times.nowMicros();
        List<MarketEvent> gaps = new ArrayList<>();
        channels.forEach((channel, counters) -> counters.takeDroppedRanges().forEach(range -> {
            counters.gaps.increment();
            gaps.add(MarketEvent.status(channel, counters.nativeSymbol, "gap", "publish buffer overflow on " + channel
                    + " (seq range)", range[0], range[1], now));
        }));
        offer(gaps);
    }

    private ChannelCounters counters(Channel channel) {
        return channels.computeIfAbsent(channel, c -> new ChannelCounters(c, meters));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e.getClass().getSimpleName() + ": " + root;
    }

    /** Sequence numbers and drop accounting of one channel. */
    private static final class ChannelCounters {
        final String name;
        /** The exchange's spelling of the symbol, from the channel's events: for its overflow announcements. */
        volatile String nativeSymbol;
        final Counter published;
        final Counter droppedCounter;
        /** Gaps announced on this channel's status channel (one per missed seq range). */
        final Counter gaps;
        private long seq;
        volatile long lastEventNanos = Long.MIN_VALUE;
        /** Runs of consecutive dropped seq numbers not announced yet; the last one may still grow. */
        private final List<long[]> droppedRuns = new ArrayList<>();
        private boolean runOpen;

        ChannelCounters(Channel channel, MeterRegistry meters) {
            this.name = channel.toString();
            this.published = Counter.builder("datastream.events.published").tag("channel", name).register(meters);
            this.droppedCounter = Counter.builder("datastream.events.dropped").tag("channel", name).register(meters);
            this.gaps = Counter.builder(GAPS).description("losses announced as a gap status, by channel and cause")
                    .tag("channel", name).tag("cause", "overflow").register(meters);
        }

        /**
         * Numbers the event and queues it in one step: several threads publish on one channel (a symbol's status
         * comes from its feed, its book's snapshot thread and the writer), and a seq must never reach the queue
         * behind a higher one, or subscribers would drop it as a repeat.
         */
        synchronized boolean enqueue(MarketEvent event, BlockingQueue<Outbound> queue) {
            lastEventNanos = System.nanoTime();
            nativeSymbol = event.symbol();
            long next = ++seq;
            if (queue.offer(new Outbound(name, event, next))) {
                runOpen = false;
                return true;
            }
            droppedCounter.increment();
            if (runOpen) {
                droppedRuns.get(droppedRuns.size() - 1)[1] = next;
            } else {
                droppedRuns.add(new long[] {next, next});
                runOpen = true;
            }
            return false;
        }

        synchronized List<long[]> takeDroppedRanges() {
            List<long[]> runs = List.copyOf(droppedRuns);
            droppedRuns.clear();
            runOpen = false;
            return runs;
        }
    }
}
