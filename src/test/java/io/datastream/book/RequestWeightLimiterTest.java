package io.datastream.book;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The REST weight budget holds when requests are reserved beyond the limiter's timeout (resilience4j answers -1 and
 * reserves nothing): such a request waits for its permit instead of going out at once.
 */
class RequestWeightLimiterTest {

    private static final int BUDGET = 10;
    private static final Duration PERIOD = Duration.ofMillis(200);
    private static final int WEIGHT = 5;

    @Test
    void should_send_no_request_before_its_permit_when_oversubscribed_beyond_the_timeout() throws Exception {
        // 12 requests of weight 5 = 6 periods of budget, but a request may reserve only 300 ms ahead
        RequestWeightLimiter limiter = new RequestWeightLimiter(BUDGET, PERIOD, Duration.ofMillis(300));
        List<Long> sentAt = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            requests.add(limiter.acquire(WEIGHT).thenRun(() -> sentAt.add(System.nanoTime() - start)));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);

        List<Long> times = new ArrayList<>(sentAt);
        Collections.sort(times);
        long periodNanos = PERIOD.toNanos();
        for (int i = 0; i < times.size(); i++) {
            long elapsed = times.get(i);
            // by then at most the period under way at the start plus every period begun since had budget
            long periodsWithBudget = 2 + elapsed / periodNanos;
            assertThat((long) (i + 1) * WEIGHT).as("weight sent by %d ms", elapsed / 1_000_000)
                    .isLessThanOrEqualTo(periodsWithBudget * BUDGET);
        }
        // six periods of budget: the last request waits for the fifth boundary after the start
        assertThat(times.get(times.size() - 1)).isGreaterThanOrEqualTo(4 * periodNanos);
    }

    @Test
    void should_keep_the_order_of_requests_reserved_within_the_timeout() throws Exception {
        // periods long enough that a busy machine cannot swap the completions of two periods
        RequestWeightLimiter limiter = new RequestWeightLimiter(BUDGET, Duration.ofMillis(500), Duration.ofSeconds(5));
        List<Integer> order = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            int n = i;
            requests.add(limiter.acquire(WEIGHT).thenRun(() -> order.add(n)));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        // two per period: pairs in order (the two of one period may finish either way round)
        for (int pair = 0; pair < 3; pair++) {
            assertThat(order.subList(2 * pair, 2 * pair + 2)).containsExactlyInAnyOrder(2 * pair, 2 * pair + 1);
        }
    }

    @Test
    void should_refuse_a_request_heavier_than_a_whole_period_s_budget() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(BUDGET, PERIOD, Duration.ofSeconds(1));
        assertThatThrownBy(() -> limiter.acquire(BUDGET + 1).join()).hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_give_spare_weight_only_while_more_than_half_the_budget_is_left() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(100, Duration.ofMinutes(1), Duration.ofMinutes(1));
        assertThat(limiter.trySpare(40)).as("100 left: 40 leaves 60").isTrue();
        assertThat(limiter.trySpare(20)).as("60 left: 20 would leave 40, under half").isFalse();
        assertThat(limiter.acquire(10)).as("a resync still gets its weight").isCompleted();
        assertThat(limiter.trySpare(1)).as("50 left: nothing spare").isFalse();
    }

    @Test
    void should_give_no_spare_weight_while_paused_by_a_429() {
        RequestWeightLimiter limiter = new RequestWeightLimiter(100, Duration.ofMinutes(1), Duration.ofMinutes(1));
        limiter.pauseFor(Duration.ofMinutes(1));
        assertThat(limiter.trySpare(1)).isFalse();
    }
}
