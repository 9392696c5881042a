package io.datastream.book;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Service;

/** The book's periodic work on one daemon thread: flushing throttled books and, when enabled, the integrity probe. */
public final class BookTimers implements Service {

    private final BookKeeper keeper;
    private final BookProbe probe;
    private ScheduledExecutorService scheduler;

    public BookTimers(BookKeeper keeper, BookProbe probe) {
        this.keeper = keeper;
        this.probe = probe;
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "book-timers");
            thread.setDaemon(true);
            return thread;
        });
        Duration throttle = keeper.settings().throttle();
        if (!throttle.isZero()) {
            long period = Math.max(1, throttle.toMillis() / 2);
            scheduler.scheduleAtFixedRate(keeper::flushThrottled, period, period, TimeUnit.MILLISECONDS);
        }
        Duration interval = keeper.settings().probeInterval();
        if (!interval.isZero()) {
            scheduler.scheduleAtFixedRate(probe, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
