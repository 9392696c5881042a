package io.datastream.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.datastream.App;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.Upstreams;
import io.datastream.ops.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.camel.main.Main;

/**
 * Set-up and arithmetic shared by the fan-out, fault and reliability-cost benchmarks (the end-to-end benchmark keeps
 * its own). The service is built as the e2e tests build it: {@code App.newMain()}, {@code application.properties},
 * {@code routes/*.yaml}, with only the {@code binance-spot} feed running (pointed at the simulator), so no feed tries to
 * reach a real exchange.
 */
final class BenchSupport {

    /** Every feed route of routes/*.yaml but binance-spot: excluded, as DataStreamTestSupport does. */
    static final List<String> OTHER_FEEDS = List.of("binance-usdm-public", "binance-usdm-market", "binance-coinm",
            "kraken-spot", "kraken-futures");

    private BenchSupport() {
    }

    /**
     * Starts the service with Redis at {@code redisUrl} and Binance spot at {@code spotWsUrl}, management and control
     * servers on free ports; {@code extra} overrides anything (read back the control port from it).
     */
    static Main startService(String redisUrl, String spotWsUrl, Properties extra) throws Exception {
        Properties properties = new Properties();
        properties.put("datastream.redis.url", redisUrl);
        properties.put("datastream.binance.spot.ws-url", spotWsUrl);
        properties.put("camel.main.route-filter-exclude-pattern", String.join(",", OTHER_FEEDS));
        properties.put("camel.management.port", String.valueOf(EmbeddedRedis.freePort()));
        properties.put("datastream.control.port", String.valueOf(EmbeddedRedis.freePort()));
        properties.putAll(extra);
        extra.putAll(properties);
        Main main = App.newMain();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.setOverrideProperties(properties);
        main.start();
        return main;
    }

    static UpstreamConsumer spotFeed(Main service) {
        return service.getCamelContext().getRegistry().lookupByNameAndType("upstreams", Upstreams.class).all().stream()
                .filter(c -> c.getRouteId().equals("binance-spot")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no binance-spot feed"));
    }

    /** Percentile of a sorted sample, in milliseconds (samples in microseconds). */
    static double pct(long[] sorted, double percentile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    static String percentiles(long[] sorted) {
        if (sorted.length == 0) {
            return "n=0";
        }
        return String.format(Locale.ROOT, "n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms",
                sorted.length, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), pct(sorted, 99.9),
                sorted[sorted.length - 1] / 1000.0);
    }

    /** The digits after {@code key} (e.g. {@code "recvTs":}), as a long. */
    static long longField(String json, String key) {
        int from = json.indexOf(key);
        if (from < 0) {
            return -1;
        }
        from += key.length();
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return to == from ? -1 : Long.parseLong(json, from, to, 10);
    }

    /** The string after {@code key} (e.g. {@code "tradeId":"}) up to the next quote, or null. */
    static String stringField(String json, String key) {
        int from = json.indexOf(key);
        if (from < 0) {
            return null;
        }
        from += key.length();
        int to = json.indexOf('"', from);
        return to < 0 ? null : json.substring(from, to);
    }

    /** The 1-, 5- and 15-minute load averages: the machine is shared, so every figure is printed with them. */
    static String machineLoad() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + parts[0] + " " + parts[1] + " " + parts[2] + " (2 cores)";
        } catch (Exception e) {
            return "load average unknown";
        }
    }

    /** CPU time this JVM used so far, in seconds (all threads: simulator, service, clients). */
    static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    /** A Redis pattern subscriber handing each message's channel and text to {@code onMessage}. */
    static StatefulRedisPubSubConnection<String, String> patternSubscriber(RedisClient client,
            BiConsumer<String, String> onMessage, String... patterns) {
        StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                onMessage.accept(channel, message);
            }
        });
        subscriber.sync().psubscribe(patterns);
        return subscriber;
    }

    /** CPU seconds the live thread of that name has used so far (0 when there is none). */
    static double threadCpuSeconds(String threadName) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(threadName))
                .mapToLong(t -> ManagementFactory.getThreadMXBean().getThreadCpuTime(t.getId())).sum() / 1e9;
    }

    /** Returns once {@code count} has not moved for {@code quiet} (at most 60 s): whatever was in flight has landed. */
    static void awaitQuiet(LongSupplier count, Duration quiet) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() < deadline) {
            long now = count.getAsLong();
            if (now != last) {
                last = now;
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince > quiet.toNanos()) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** A benchmark's body, run by {@link #runThenExit}. */
    interface Run {
        void run() throws Exception;
    }

    /** Runs the benchmark and ends the JVM, 1 on failure: the service's threads would otherwise keep it alive. */
    static void runThenExit(Run benchmark) {
        try {
            benchmark.run();
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** Polls until the condition holds; false on timeout. */
    static boolean await(BooleanSupplier condition, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
