package io.datastream.client;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential back-off with jitter between reconnect attempts: initial × 2^attempt, capped, ±25 %. */
final class Backoff {

    private final Duration initial;
    private final Duration max;

    Backoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    /** Delay before attempt {@code attempt} (1 = first retry). */
    long delayMillis(int attempt) {
        double base = initial.toMillis() * Math.pow(2, Math.min(attempt - 1, 20));
        double capped = Math.min(base, max.toMillis());
        double jitter = capped * 0.25 * (ThreadLocalRandom.current().nextDouble() * 2 - 1);
        return Math.max(1, Math.round(capped + jitter));
    }

    Duration initial() {
        return initial;
    }

    Duration max() {
        return max;
    }
}
