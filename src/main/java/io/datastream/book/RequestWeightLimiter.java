package io.datastream.book;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Binance REST request weights as a token bucket refilled continuously up to one minute's budget. A request reserves
 * its weight at once (the bucket may go into debt) and waits until the debt is refilled, so requests keep their order
 * and a burst never exceeds the budget. After a 429/418 the whole venue pauses until the server's Retry-After.
 */
final class RequestWeightLimiter {

    private final double weightPerNano;
    private final double capacity;
    private double available;
    private long refilledAt = System.nanoTime();
    private long pausedUntil = refilledAt;

    RequestWeightLimiter(int weightPerMinute) {
        this.capacity = weightPerMinute;
        this.available = weightPerMinute;
        this.weightPerNano = weightPerMinute / (double) TimeUnit.MINUTES.toNanos(1);
    }

    /** Completes when a request of this weight may be sent. */
    CompletableFuture<Void> acquire(int weight) {
        long waitNanos = reserve(weight);
        if (waitNanos <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(waitNanos, TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    synchronized long reserve(int weight) {
        long now = System.nanoTime();
        available = Math.min(capacity, available + (now - refilledAt) * weightPerNano);
        refilledAt = now;
        available -= weight;
        long debtNanos = available >= 0 ? 0 : (long) (-available / weightPerNano);
        return Math.max(debtNanos, pausedUntil - now);
    }

    /** No request goes out before {@code duration} from now (Binance Retry-After). */
    synchronized void pauseFor(Duration duration) {
        pausedUntil = Math.max(pausedUntil, System.nanoTime() + duration.toNanos());
    }
}
