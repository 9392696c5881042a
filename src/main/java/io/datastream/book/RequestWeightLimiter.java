package io.datastream.book;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

/**
 * Binance REST request weights per minute, on a resilience4j rate limiter: a request reserves its weight and waits
 * for its turn, so a minute never exceeds the budget. Requests that find the budget reserved less than the limiter's
 * timeout (10 minutes) ahead keep their order; one that finds it reserved further ahead reserves nothing (resilience4j
 * answers -1) and asks again one period later, so under such a backlog order is no longer kept. After a 429/418 the
 * whole venue also pauses until the server's Retry-After.
 */
final class RequestWeightLimiter {

    private final RateLimiter limiter;
    private final int weightPerPeriod;
    private final Duration period;
    private volatile long pausedUntilNanos = System.nanoTime();

    RequestWeightLimiter(int weightPerMinute) {
        // wait for a later minute rather than fail the snapshot
        this(weightPerMinute, Duration.ofMinutes(1), Duration.ofMinutes(10));
    }

    /** @param maxReservation how far ahead a request may reserve budget; beyond it, it asks again a period later */
    RequestWeightLimiter(int weightPerPeriod, Duration period, Duration maxReservation) {
        this.weightPerPeriod = weightPerPeriod;
        this.period = period;
        this.limiter = RateLimiter.of("binance-rest", RateLimiterConfig.custom()
                .limitForPeriod(weightPerPeriod)
                .limitRefreshPeriod(period)
                .timeoutDuration(maxReservation)
                .build());
    }

    /** Completes when a request of this weight may be sent (fails at once for a weight above a period's budget). */
    CompletableFuture<Void> acquire(int weight) {
        if (weight > weightPerPeriod) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "request weight " + weight + " exceeds the budget of " + weightPerPeriod + " per " + period));
        }
        CompletableFuture<Void> ready = new CompletableFuture<>();
        reserve(weight, ready);
        return ready;
    }

    private void reserve(int weight, CompletableFuture<Void> ready) {
        long budgetWait = limiter.reservePermission(weight);
        if (budgetWait < 0) {
            // -1: the wait would exceed the limiter's timeout and nothing was reserved; permits come only at period
            // boundaries, so ask again one period later
            after(period.toNanos(), () -> reserve(weight, ready));
            return;
        }
        long wait = Math.max(budgetWait, pausedUntilNanos - System.nanoTime());
        if (wait <= 0) {
            ready.complete(null);
        } else {
            after(wait, () -> ready.complete(null));
        }
    }

    /**
     * Takes {@code weight} now only if more than half of this period's budget would still be left, and no 429/418
     * pause is on: for requests that may be skipped (the integrity probe), so they never delay a resync's snapshot.
     */
    boolean trySpare(int weight) {
        if (System.nanoTime() < pausedUntilNanos
                || limiter.getMetrics().getAvailablePermissions() < weight + weightPerPeriod / 2) {
            return false;
        }
        return limiter.reservePermission(weight) == 0;
    }

    private static void after(long nanos, Runnable task) {
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(task);
    }

    /** No request goes out before {@code duration} from now (Binance Retry-After). */
    synchronized void pauseFor(Duration duration) {
        pausedUntilNanos = Math.max(pausedUntilNanos, System.nanoTime() + duration.toNanos());
    }
}
