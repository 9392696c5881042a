package io.datastream.bench;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.datastream.App;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.Upstreams;
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
 * End-to-end benchmark: simulator → DataStream (routes, normalizer, publisher) → Redis → a pattern subscriber, all on
 * this machine. Measures sustained throughput with zero loss, the latency DataStream adds (frame receipt to delivery
 * at the subscriber) at a fixed rate, and heap after a long run. Not a test: run it by hand, see the README.
 * <p>System properties (pass them with {@code -Dexec.args="-Dbench.seconds=5 ... -classpath %classpath <this class>"}): {@code bench.symbols} (10), {@code bench.books} (0: order books maintained meanwhile), {@code bench.book.diffs} (10/s each), {@code bench.rates} (20000,50000,80000,100000), {@code bench.seconds}
 * per rate (10), {@code bench.latency.rate} (10000), {@code bench.latency.seconds} (30), {@code bench.soak.seconds} (300).
 * <p>{@code -Dbench.markets=all} (or a list such as {@code binance-spot,kraken-futures}) runs the mixed mode instead,
 * see {@link MixedMarketsBenchmark}.
 */
public final class EndToEndBenchmark {

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong outOfOrder = new AtomicLong();
    private final ConcurrentHashMap<String, Long> lastId = new ConcurrentHashMap<>();
    private volatile long[] latencies = new long[0];
    private final AtomicLong latencyCount = new AtomicLong();

    public static void main(String[] args) {
        String markets = System.getProperty("bench.markets", "");
        BenchSupport.runThenExit(markets.isBlank() ? () -> new EndToEndBenchmark().run()
                : () -> new MixedMarketsBenchmark(MixedMarketsBenchmark.Market.parse(markets)).run());
    }

    private void run() throws Exception {
        int symbolCount = Integer.getInteger("bench.symbols", 10);
        List<String> symbols = IntStream.range(0, symbolCount).mapToObj(i -> "sym" + i + "usdt").toList();
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); ExchangeSimulator simulator = ExchangeSimulator.start(0)) {
            Main service = startService(redis, simulator);
            RedisClient client = RedisClient.create(redis.url());
            StatefulRedisPubSubConnection<String, String> subscriber = BenchSupport.patternSubscriber(client, this::onMessage,
                    "binance:spot:*:trade");
            UpstreamConsumer feed = service.getCamelContext().getRegistry()
                    .lookupByNameAndType("upstreams", Upstreams.class).all().get(0);
            feed.subscribe(symbols.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
            // optional load of maintained order books beside the trades, to measure what book maintenance costs them
            int books = Integer.getInteger("bench.books", 0);
            if (books > 0) {
                List<String> bookSymbols = IntStream.range(0, books).mapToObj(i -> "book" + i + "usdt").toList();
                feed.subscribe(bookSymbols.stream().map(s -> Channel.of("binance", "spot", s, "book")).toList());
                simulator.generateDepth(bookSymbols, Integer.getInteger("bench.book.diffs", 10));
                System.out.println("== with " + books + " order books maintained, " + Integer.getInteger("bench.book.diffs", 10)
                        + " diffs/s each ==");
            }
            Thread.sleep(1000);

            System.out.println("== throughput (" + symbolCount + " symbols, zero loss required) ==");
            int seconds = Integer.getInteger("bench.seconds", 10);
            for (String rate : System.getProperty("bench.rates", "20000,50000,80000,100000").split(",")) {
                throughput(simulator, symbols, Double.parseDouble(rate), seconds);
            }

            int latencyRate = Integer.getInteger("bench.latency.rate", 10_000);
            int latencySeconds = Integer.getInteger("bench.latency.seconds", 30);
            System.out.println("== added latency at " + latencyRate + " msgs/s (frame received by DataStream -> subscriber) ==");
            latencies = new long[latencyRate * latencySeconds + 1000];
            latencyCount.set(0);
            runFeed(simulator, symbols, latencyRate, latencySeconds);
            long[] sample = Arrays.copyOf(latencies, (int) Math.min(latencyCount.get(), latencies.length));
            latencies = new long[0];
            Arrays.sort(sample);
            System.out.printf(Locale.ROOT, "  n=%d p50=%.2f ms p90=%.2f ms p99=%.2f ms p99.9=%.2f ms max=%.2f ms%n", sample.length,
                    pct(sample, 50), pct(sample, 90), pct(sample, 99), pct(sample, 99.9), sample[sample.length - 1] / 1000.0);

            int soak = Integer.getInteger("bench.soak.seconds", 300);
            if (soak > 0) {
                System.out.println("== heap after " + soak + " s at " + latencyRate + " msgs/s ==");
                runFeed(simulator, symbols, latencyRate, soak);
                System.gc();
                Thread.sleep(500);
                long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf(Locale.ROOT, "  heap used after GC: %.1f MB (whole JVM: DataStream + simulator + subscriber), max %.0f MB%n",
                        used / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
            }
            System.out.println("  out-of-order deliveries seen: " + outOfOrder.get());
            subscriber.close();
            client.shutdown();
            service.stop();
        }
    }

    private void throughput(ExchangeSimulator simulator, List<String> symbols, double rate, int seconds) throws Exception {
        long before = received.get();
        long start = System.nanoTime();
        SyntheticFeed feed = runFeed(simulator, symbols, rate, seconds);
        long sent = feed.sent();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (received.get() - before < sent && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        long got = received.get() - before;
        System.out.printf(Locale.ROOT, "  target %,8.0f/s: sent %,d in %ds (%,.0f/s offered), received %,d (%,.0f/s end to end), lost %d, pauses %d%n",
                rate, sent, seconds, sent / (double) seconds, got, got / elapsed, sent - got, feed.pauses());
    }

    private SyntheticFeed runFeed(ExchangeSimulator simulator, List<String> symbols, double rate, int seconds) throws Exception {
        lastId.clear(); // every feed numbers its trades from 1 again
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().symbols(symbols).ratePerSecond(rate).build());
        Thread.sleep(seconds * 1000L);
        feed.stop();
        Thread.sleep(200);
        return feed;
    }

    private void onMessage(String channel, String message) {
        long now = Times.nowMicros();
        received.incrementAndGet();
        long recvTs = longField(message, "\"recvTs\":");
        long[] sink = latencies;
        if (sink.length > 0) {
            int i = (int) latencyCount.getAndIncrement();
            if (i < sink.length) {
                sink[i] = now - recvTs;
            }
        }
        long id = Long.parseLong(stringField(message, "\"tradeId\":\""));
        Long previous = lastId.put(channel, id);
        if (previous != null && id <= previous) {
            outOfOrder.incrementAndGet();
        }
    }

    private static Main startService(EmbeddedRedis redis, ExchangeSimulator simulator) throws Exception {
        Properties properties = new Properties();
        properties.put("datastream.redis.url", redis.url());
        properties.put("datastream.binance.spot.ws-url", simulator.wsUrl());
        properties.put("camel.management.port", String.valueOf(EmbeddedRedis.freePort()));
        Main main = App.newMain();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.setOverrideProperties(properties);
        main.start();
        return main;
    }

    private static double pct(long[] sorted, double percentile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percentile / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }

    private static long longField(String json, String key) {
        int from = json.indexOf(key) + key.length();
        int to = from;
        while (to < json.length() && Character.isDigit(json.charAt(to))) {
            to++;
        }
        return Long.parseLong(json, from, to, 10);
    }

    private static String stringField(String json, String key) {
        int from = json.indexOf(key) + key.length();
        return json.substring(from, json.indexOf('"', from));
    }

}
