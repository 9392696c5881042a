package io.datastream.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.datastream.model.Channel;
import io.datastream.model.Times;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.camel.main.Main;

/**
 * What the reliability features cost in headroom: the highest trade rate sustained with zero loss, and the JVM CPU per
 * message at 10,000 msgs/s, for the service as shipped ({@code default}) and for a {@code baseline} without the only
 * reliability features that can be switched off without changing code: the {@code redis-write} route's resilience4j
 * circuit breaker and Camel redelivery (a copy of {@code routes/} whose {@code publish.yaml} calls the Redis pipeline
 * bean directly). Everything upstream (ordered single-thread hand-off, stale watchdog and pings, re-subscribe on
 * connect, duplicate-filter bookkeeping, per-channel {@code seq}, status channels, the bounded publish queue) is in
 * Java with no switch, so it is in both variants. Variants alternate ({@code bench.repeats} times each) to spread the
 * noise of a shared machine over both. Besides the whole JVM's CPU (noisy: simulator, subscriber and JIT share it), it
 * reports the CPU of the publisher's writer thread, which runs the {@code redis-write} route synchronously and is the
 * only thread whose work differs between the variants. Not a test: run it by hand, see the README.
 * <p>System properties: {@code bench.symbols} (10), {@code bench.rates} (30000,40000,50000,60000,70000,80000),
 * {@code bench.seconds} per rate (8), {@code bench.cost.rate} (10000), {@code bench.cost.seconds} (15),
 * {@code bench.repeats} (2), {@code bench.variants} (default,baseline), {@code bench.warmup.seconds} (20, at the cost
 * rate, not measured).
 */
public final class ReliabilityCostBenchmark {

    private final int symbolCount = Integer.getInteger("bench.symbols", 10);
    private final List<String> rates = List.of(System.getProperty("bench.rates", "30000,40000,50000,60000,70000,80000").split(","));
    private final int seconds = Integer.getInteger("bench.seconds", 8);
    private final double costRate = Double.parseDouble(System.getProperty("bench.cost.rate", "10000"));
    private final int costSeconds = Integer.getInteger("bench.cost.seconds", 15);
    private final int repeats = Integer.getInteger("bench.repeats", 2);
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 20);
    /** The publisher's writer: the only thread whose work differs between the variants. */
    private static final String WRITER_THREAD = "redis-publisher";
    private final List<String> variants = List.of(System.getProperty("bench.variants", "default,baseline").split(","));

    private final AtomicLong received = new AtomicLong();
    private volatile long[] latencies = new long[0];
    private final AtomicLong latencyCount = new AtomicLong();

    public static void main(String[] args) {
        BenchSupport.runThenExit(() -> new ReliabilityCostBenchmark().run());
    }

    private void run() throws Exception {
        Path baselineRoutes = baselineRoutes();
        Map<String, List<String>> summary = new LinkedHashMap<>();
        for (int repeat = 1; repeat <= repeats; repeat++) {
            for (String variant : variants) {
                System.out.println("== " + variant + (variant.equals("baseline") ? " (routes in " + baselineRoutes
                        + ": redis-write without circuit breaker and redelivery)" : " (routes/ as shipped)") + ", run "
                        + repeat + " ==");
                System.out.println("  " + BenchSupport.machineLoad() + " at start");
                String result = measure(variant.equals("baseline") ? baselineRoutes : null);
                summary.computeIfAbsent(variant, v -> new ArrayList<>()).add(result);
            }
        }
        System.out.println("== summary ==");
        summary.forEach((variant, results) -> results.forEach(r -> System.out.println("  " + variant + ": " + r)));
    }

    private String measure(Path routes) throws Exception {
        List<String> symbols = IntStream.range(0, symbolCount).mapToObj(i -> "cost" + i + "usdt").toList();
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); ExchangeSimulator simulator = ExchangeSimulator.start(0)) {
            Properties properties = new Properties();
            if (routes != null) {
                properties.put("datastream.routes.include-pattern", "file:" + routes + "/*.yaml");
            }
            Main service = BenchSupport.startService(redis.url(), simulator.wsUrl(), properties);
            RedisClient client = RedisClient.create(redis.url());
            StatefulRedisPubSubConnection<String, String> subscriber = BenchSupport.patternSubscriber(client,
                    (channel, message) -> {
                        long now = Times.nowMicros();
                        received.incrementAndGet();
                        long[] sink = latencies;
                        if (sink.length > 0) {
                            int i = (int) latencyCount.getAndIncrement();
                            if (i < sink.length) {
                                sink[i] = now - BenchSupport.longField(message, "\"recvTs\":");
                            }
                        }
                    }, "binance:spot:cost*:trade");
            BenchSupport.await(() -> simulator.connectionCount() == 1, 15_000);
            BenchSupport.spotFeed(service).subscribe(symbols.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
            BenchSupport.await(() -> simulator.subscribedStreams().containsAll(symbols.stream().map(s -> s + "@trade").toList()), 10_000);
            // warm-up, then CPU per message at a fixed rate
            runFeed(simulator, symbols, costRate, warmupSeconds);
            latencies = new long[(int) (costRate * costSeconds * 1.2)];
            latencyCount.set(0);
            BenchSupport.awaitQuiet(received::get, Duration.ofSeconds(1));
            long before = received.get();
            double cpuBefore = BenchSupport.processCpuSeconds();
            double writerCpuBefore = BenchSupport.threadCpuSeconds(WRITER_THREAD);
            long costStart = System.nanoTime();
            SyntheticFeed costFeed = runFeed(simulator, symbols, costRate, costSeconds);
            awaitDelivered(before, costFeed.sent());
            double cpu = BenchSupport.processCpuSeconds() - cpuBefore;
            double writerCpu = BenchSupport.threadCpuSeconds(WRITER_THREAD) - writerCpuBefore;
            double costElapsed = (System.nanoTime() - costStart) / 1e9;
            long got = received.get() - before;
            long[] sample = Arrays.copyOf(latencies, (int) Math.min(latencyCount.get(), latencies.length));
            latencies = new long[0];
            Arrays.sort(sample);
            String cost = String.format(Locale.ROOT, "%.1f µs JVM CPU per message at %,.0f/s (%.2f cores), of it %.2f µs on the"
                    + " Redis writer thread (the redis-write route runs there); p50 %.2f ms p99 %.2f ms",
                    cpu * 1e6 / Math.max(1, got), costRate, cpu / costElapsed, writerCpu * 1e6 / Math.max(1, got),
                    BenchSupport.pct(sample, 50), BenchSupport.pct(sample, 99));
            System.out.println("  " + cost);
            double best = 0;
            for (String rate : rates) {
                double target = Double.parseDouble(rate);
                BenchSupport.awaitQuiet(received::get, Duration.ofSeconds(1));
                long start = received.get();
                long t0 = System.nanoTime();
                SyntheticFeed feed = runFeed(simulator, symbols, target, seconds);
                long sent = feed.sent();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (received.get() - start < sent && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                long delivered = received.get() - start;
                boolean sustained = sent >= 0.97 * target * seconds && delivered >= sent;
                System.out.printf(Locale.ROOT, "  target %,7.0f/s: offered %,.0f/s, delivered %,d of %,d (%,.0f/s end to end), not there"
                        + " 10 s after the stop %d, simulator pauses %d -> %s%n", target, sent / (double) seconds, delivered, sent,
                        delivered / elapsed,
                        sent - delivered, feed.pauses(), sustained ? "sustained" : "NOT sustained");
                if (!sustained) {
                    break;
                }
                best = target;
                Thread.sleep(1000);
            }
            System.out.println("  " + BenchSupport.machineLoad() + " at the end");
            subscriber.close();
            client.shutdown();
            service.stop();
            return String.format(Locale.ROOT, "max sustained %,.0f/s; %s", best, cost);
        }
    }
    private void awaitDelivered(long before, long sent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (received.get() - before < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    private static SyntheticFeed runFeed(ExchangeSimulator simulator, List<String> symbols, double rate, int seconds)
            throws InterruptedException {
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().symbols(symbols).ratePerSecond(rate).build());
        Thread.sleep(seconds * 1000L);
        feed.stop();
        Thread.sleep(200);
        return feed;
    }

    /**
     * A copy of routes/ in a temporary directory whose publish.yaml has no {@code redis-retries} route configuration
     * and whose {@code redis-write} route calls the pipeline bean without the circuit breaker around it.
     */
    @SuppressWarnings("unchecked")
    static Path baselineRoutes() throws IOException {
        Path dir = Files.createTempDirectory("datastream-baseline-routes");
        dir.toFile().deleteOnExit();
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
                dir.resolve(file.getFileName()).toFile().deleteOnExit();
            }
        }
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        Path publish = dir.resolve("publish.yaml");
        List<Map<String, Object>> document = yaml.readValue(publish.toFile(), List.class);
        boolean changed = false;
        for (Iterator<Map<String, Object>> it = document.iterator(); it.hasNext(); ) {
            Map<String, Object> element = it.next();
            Map<String, Object> configuration = (Map<String, Object>) element.get("routeConfiguration");
            if (configuration != null && "redis-retries".equals(configuration.get("id"))) {
                it.remove();
                continue;
            }
            Map<String, Object> route = (Map<String, Object>) element.get("route");
            if (route != null && "redis-write".equals(route.get("id"))) {
                route.remove("routeConfigurationId");
                Map<String, Object> from = (Map<String, Object>) route.get("from");
                List<Map<String, Object>> steps = (List<Map<String, Object>>) from.get("steps");
                Map<String, Object> breaker = (Map<String, Object>) steps.get(0).get("circuitBreaker");
                from.put("steps", breaker.get("steps"));
                changed = true;
            }
        }
        if (!changed) {
            throw new IllegalStateException("routes/publish.yaml has no redis-write route with a circuit breaker any more");
        }
        yaml.writeValue(publish.toFile(), document);
        return dir;
    }
}
