package io.datastream.book;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Binance REST request weights per minute, on a resilience4j rate limiter: a request reserves its weight and waits
 * for its turn, so requests keep their order and a minute never exceeds the budget. After a 429/418 the whole venue
 * also pauses until the server's Retry-After.
 */
final class RequestWeightLimiter {

    private final RateLimiter limiter;
    private volatile long pausedUntilNanos = System.nanoTime();

    RequestWeightLimiter(int weightPerMinute) {
        this.limiter = RateLimiter.of("binance-rest", RateLimiterConfig.custom()
                .limitForPeriod(weightPerMinute)
                .limitRefreshPeriod(Duration.ofMinutes(1))
                .timeoutDuration(Duration.ofMinutes(10)) // wait for a later minute rather than fail the snapshot
                .build());
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

    long reserve(int weight) {
        long budgetWait = limiter.reservePermission(weight);
        return Math.max(budgetWait, pausedUntilNanos - System.nanoTime());
    }

    /** No request goes out before {@code duration} from now (Binance Retry-After). */
    synchronized void pauseFor(Duration duration) {
        pausedUntilNanos = Math.max(pausedUntilNanos, System.nanoTime() + duration.toNanos());
    }
}
