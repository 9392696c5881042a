package io.datastream.exchange;

import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When a connection rotates: before the exchange's forced close, spread over connections opened together. */
class RotationDelayTest {

    private static final Optional<Duration> BINANCE_LIFETIME = Optional.of(Duration.ofHours(24));
    private static final Duration MARGIN = Duration.ofMinutes(30);

    @Test
    void should_rotate_within_the_margin_before_the_lifetime_with_a_different_time_per_connection() {
        Random random = new Random(42);
        Set<Duration> delays = IntStream.range(0, 100)
                .mapToObj(i -> UpstreamConsumer.rotationDelay(null, BINANCE_LIFETIME, MARGIN,
                        bound -> (long) (random.nextDouble() * bound)).orElseThrow())
                .collect(Collectors.toSet());

        assertThat(delays).allSatisfy(delay -> assertThat(delay)
                .isBetween(Duration.ofHours(24).minus(MARGIN).minus(MARGIN.dividedBy(2)), Duration.ofHours(24).minus(MARGIN)));
        assertThat(delays).as("jitter: 100 connections do not share one rotation time").hasSizeGreaterThan(90);
    }

    @Test
    void should_use_the_configured_interval_as_given() {
        assertThat(UpstreamConsumer.rotationDelay(Duration.ofSeconds(2), BINANCE_LIFETIME, MARGIN, bound -> bound - 1))
                .contains(Duration.ofSeconds(2));
    }

    @Test
    void should_never_rotate_when_neither_interval_nor_lifetime_is_known() {
        assertThat(UpstreamConsumer.rotationDelay(null, Optional.empty(), MARGIN, bound -> 0)).isEmpty();
    }
}
