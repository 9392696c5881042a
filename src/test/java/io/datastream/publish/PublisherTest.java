package io.datastream.publish;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import io.datastream.model.Channel;
import io.datastream.model.MarketEvent;
import io.datastream.model.Trade;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The publish queue's two answers to a full buffer: while Redis keeps up, the offering feed waits (back-pressure, nothing
 * lost); while Redis fails, the feed goes on and the overflow is dropped, counted and announced. The writer here stands
 * in for Redis so the test can hold it at will; the Redis path itself is covered by the end-to-end tests.
 */
class PublisherTest {

    private static final Channel TRADES = Channel.parse("binance:spot:btcusdt:trade");
    private static final int CAPACITY = 10;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Publisher publisher = new Publisher(CAPACITY, 4, meters);
    private final List<Outbound> written = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        publisher.stop(Duration.ofSeconds(5));
    }

    @Test
    void should_make_a_feed_wait_instead_of_dropping_while_redis_is_slow() throws Exception {
        Semaphore writes = new Semaphore(0);
        publisher.start(batch -> {
            writes.acquire(); // a slow Redis: one batch per permit
            written.addAll(batch.unwritten());
            batch.confirm(batch.unwritten().size());
        });

        Thread feed = new Thread(() -> LongStream.rangeClosed(1, 100).forEach(id -> publisher.offer(trade(id))));
        feed.start();
        await().atMost(10, TimeUnit.SECONDS).until(() -> feed.getState() == Thread.State.TIMED_WAITING);
        assertThat(feed.isAlive()).as("the feed waits for room while Redis is writable").isTrue();

        writes.release(1_000);
        feed.join(10_000);
        await().atMost(10, TimeUnit.SECONDS).until(() -> written.size() == 100);

        assertThat(written).extracting(Outbound::seq).containsExactlyElementsOf(LongStream.rangeClosed(1, 100).boxed().toList());
        assertThat(meters.counter("datastream.events.dropped", "channel", TRADES.toString()).count()).isZero();
        assertThat(meters.timer("datastream.publish.backpressure").count()).isPositive();
    }

    @Test
    void should_keep_consuming_and_announce_the_overflow_while_redis_is_down() throws Exception {
        AtomicBoolean redisUp = new AtomicBoolean(false);
        publisher.start(batch -> {
            if (!redisUp.get()) {
                throw new IllegalStateException("Redis down");
            }
            written.addAll(batch.unwritten());
            batch.confirm(batch.unwritten().size());
        });

        List<MarketEvent> offered = new ArrayList<>();
        LongStream.rangeClosed(1, 100).forEach(id -> offered.addAll(trade(id)));
        Thread feed = new Thread(() -> offered.forEach(event -> publisher.offer(List.of(event))));
        feed.start();
        feed.join(10_000);
        assertThat(feed.isAlive()).as("a Redis outage must not stop consumption").isFalse();

        redisUp.set(true);
        await().atMost(15, TimeUnit.SECONDS).until(() -> written.stream().anyMatch(o -> o.channel().endsWith(":status")));

        List<Long> tradeSeqs = written.stream().filter(o -> o.channel().equals(TRADES.toString())).map(Outbound::seq).toList();
        double dropped = meters.counter("datastream.events.dropped", "channel", TRADES.toString()).count();
        assertThat(dropped).isPositive();
        assertThat(tradeSeqs.size() + (long) dropped).isEqualTo(100);
        assertThat(tradeSeqs).isSorted().doesNotHaveDuplicates();
        assertThat(written.stream().filter(o -> o.channel().endsWith(":status")).map(o -> o.event().payload().toString()))
                .anyMatch(status -> status.contains("gap") && status.contains("overflow"));
    }

    @Test
    void should_queue_each_channels_events_in_seq_order_whichever_threads_offer_them() throws Exception {
        Publisher roomy = new Publisher(100_000, 512, meters);
        List<Outbound> written = new CopyOnWriteArrayList<>();
        roomy.start(batch -> {
            written.addAll(batch.unwritten());
            batch.confirm(batch.unwritten().size());
        });
        try {
            // a symbol's status channel hears from its feed, its book's snapshot thread and the writer at once
            List<Thread> threads = IntStream.range(0, 3).mapToObj(t -> new Thread(() -> LongStream.rangeClosed(1, 5_000)
                    .forEach(id -> roomy.offer(trade(id))))).toList();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(30_000);
            }
            await().atMost(10, TimeUnit.SECONDS).until(() -> written.size() >= 15_000);
            assertThat(written).extracting(Outbound::seq)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 15_000).boxed().toList());
        } finally {
            roomy.stop(Duration.ofSeconds(5));
        }
    }

    private static List<MarketEvent> trade(long id) {
        return List.of(new MarketEvent(TRADES, "BTCUSDT", id, id, new Trade(Long.toString(id), "1", "1", "buy")));
    }
}
