package io.datastream.control;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Per-channel published counts and rates, read from the publisher's {@code datastream.events.published} counters
 * (tagged by channel), so the publisher needs no extra API. Sampled once a second; the rate spans the last five seconds.
 */
final class StreamRates {

    /** Count and rate of one channel. */
    record Rate(long published, double perSecond) {
        static final Rate NONE = new Rate(0, 0);
    }

    private record Sample(long nanos, long count) {
    }

    private static final int WINDOW = 6;

    private final Supplier<MeterRegistry> meters;
    private final Map<String, Deque<Sample>> samples = new HashMap<>();

    StreamRates(Supplier<MeterRegistry> meters) {
        this.meters = meters;
    }

    synchronized void sample() {
        MeterRegistry registry = meters.get();
        if (registry == null) {
            return;
        }
        long now = System.nanoTime();
        for (Counter counter : registry.find("datastream.events.published").counters()) {
            String channel = counter.getId().getTag("channel");
            if (channel == null) {
                continue;
            }
            Deque<Sample> window = samples.computeIfAbsent(channel, c -> new ArrayDeque<>());
            window.addLast(new Sample(now, (long) counter.count()));
            if (window.size() > WINDOW) {
                window.removeFirst();
            }
        }
    }

    synchronized Rate of(String channel) {
        Deque<Sample> window = samples.get(channel);
        if (window == null || window.isEmpty()) {
            return Rate.NONE;
        }
        Sample last = window.peekLast();
        Sample first = window.peekFirst();
        double seconds = (last.nanos - first.nanos) / 1e9;
        double rate = seconds > 0 ? (last.count - first.count) / seconds : 0;
        return new Rate(last.count, Math.round(rate * 10) / 10.0);
    }
}
