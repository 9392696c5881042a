package io.datastream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

import io.datastream.exchange.Upstreams;
import io.datastream.model.Channel;
import io.datastream.model.Times;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticMarket;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.main.Main;

/**
 * The mixed mode of {@link EndToEndBenchmark} ({@code -Dbench.markets=all}): synthetic trades of every market at once,
 * each on its own feed route and simulator endpoint (Binance spot {@code /stream}, USD-M {@code /market/stream},
 * COIN-M {@code /stream}, Kraken spot {@code /kraken/v2}, Kraken futures {@code /kraken-futures/ws/v1}) →
 * DataStream → Redis → one pattern subscriber. A total rate is split evenly over the markets; for each rate it reports
 * per market and in total: trades offered by the simulator, frames DataStream's feed received, events it published and
 * dropped (its own counters), messages delivered to the subscriber, in order and out of order (per symbol, by trade
 * number), lost (offered − delivered within the drain time), late (arrived after it, total only), and the added latency
 * (frame received by DataStream → message at the subscriber, every delivered message of the run).
 * <p>System properties: {@code bench.markets} ({@code all}, or a comma list of {@link Market} labels such as
 * {@code binance-spot,kraken-futures}), {@code bench.symbols} (10 per market), {@code bench.rates} (10000,50000: msgs/s
 * in total), {@code bench.seconds} (10 per rate), {@code bench.drain.seconds} (10: how long after the run messages still
 * count), {@code bench.warmup.seconds} (20) at {@code bench.warmup.rate} (10000 in total), not reported. Routes of other markets, and USD-M's
 * {@code /public} route (no trades), are left out.
 */
final class MixedMarketsBenchmark {

    /** One market: its feed route, the channels its trades are published on and its symbols. */
    enum Market {
        BINANCE_SPOT("binance-spot", SyntheticMarket.BINANCE_SPOT, "binance-spot", "binance", "spot", "trade", i -> "sym" + i + "usdt"),
        BINANCE_USDM("binance-usdm", SyntheticMarket.BINANCE_USDM, "binance-usdm-market", "binance", "perpetual", "aggTrade",
                i -> "sym" + i + "usdt"),
        BINANCE_COINM("binance-coinm", SyntheticMarket.BINANCE_COINM, "binance-coinm", "binance", "perpetual", "aggTrade",
                i -> "sym" + i + "usd_perp"),
        KRAKEN_SPOT("kraken-spot", SyntheticMarket.KRAKEN_SPOT, "kraken-spot", "kraken", "spot", "trade", i -> "SYM" + i + "/USD"),
        KRAKEN_FUTURES("kraken-futures", SyntheticMarket.KRAKEN_FUTURES, "kraken-futures", "kraken", "perpetual", "trade",
                i -> "PF_SYM" + i + "USD");

        final String label;
        final SyntheticMarket synthetic;
        final String routeId;
        final String exchange;
        final String channelMarket;
        final String type;
        final IntFunction<String> symbol;

        Market(String label, SyntheticMarket synthetic, String routeId, String exchange, String channelMarket, String type,
               IntFunction<String> symbol) {
            this.label = label;
            this.synthetic = synthetic;
            this.routeId = routeId;
            this.exchange = exchange;
            this.channelMarket = channelMarket;
            this.type = type;
            this.symbol = symbol;
        }

        List<String> symbols(int count) {
            return IntStream.range(0, count).mapToObj(symbol).toList();
        }

        Channel channel(String nativeSymbol) {
            return Channel.of(exchange, channelMarket, nativeSymbol, type);
        }

        static List<Market> parse(String names) {
            if (names.strip().equalsIgnoreCase("all")) {
                return List.of(values());
            }
            List<Market> markets = new ArrayList<>();
            for (String name : names.split(",")) {
                markets.add(Arrays.stream(values()).filter(m -> m.label.equalsIgnoreCase(name.strip())).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("bench.markets: unknown market '" + name.strip()
                                + "' (all, or some of " + Arrays.stream(values()).map(m -> m.label).toList() + ")")));
            }
            return markets;
        }
    }

    /** The feed routes of routes/*.yaml (as DataStreamTestSupport lists them). */
    private static final List<String> FEEDS = List.of("binance-spot", "binance-usdm-public", "binance-usdm-market",
            "binance-coinm", "kraken-spot", "kraken-futures");

    /** What the subscriber saw of one market during one run; written by the subscriber's one thread. */
    private static final class Tally {
        final AtomicLong received = new AtomicLong();
        final AtomicLong outOfOrder = new AtomicLong();
        final Map<String, Long> lastNumber = new ConcurrentHashMap<>();
        volatile long[] latencies = new long[0];
        final AtomicInteger latencyCount = new AtomicInteger();

        void reset(int expected) {
            received.set(0);
            outOfOrder.set(0);
            lastNumber.clear(); // every feed numbers its trades from 1 again
            latencyCount.set(0);
            latencies = new long[expected];
        }

        long[] sortedLatencies() {
            long[] sample = Arrays.copyOf(latencies, Math.min(latencyCount.get(), latencies.length));
            Arrays.sort(sample);
            return sample;
        }
    }

    private final List<Market> markets;
    private final Map<String, Market> marketOfChannel = new ConcurrentHashMap<>();
    private final Map<Market, Tally> tallies = new EnumMap<>(Market.class);
    private final AtomicLong otherChannels = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private volatile boolean counting;
    private volatile long lastArrivalNanos;
    private MeterRegistry meters;

    MixedMarketsBenchmark(List<Market> markets) {
        this.markets = markets;
        markets.forEach(m -> tallies.put(m, new Tally()));
    }

    void run() throws Exception {
        int symbolCount = Integer.getInteger("bench.symbols", 10);
        int seconds = Integer.getInteger("bench.seconds", 10);
        Map<Market, List<String>> symbols = new EnumMap<>(Market.class);
        markets.forEach(m -> symbols.put(m, m.symbols(symbolCount)));
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); ExchangeSimulator simulator = ExchangeSimulator.start(0)) {
            Main service = startService(redis, simulator);
            meters = service.getCamelContext().getRegistry().findSingleByType(MeterRegistry.class);
            RedisClient client = RedisClient.create(redis.url());
            StatefulRedisPubSubConnection<String, String> subscriber = BenchSupport.patternSubscriber(client, this::onMessage,
                    "binance:spot:*:trade", "binance:perpetual:*:aggTrade", "kraken:*:*:trade");
            Upstreams feeds = service.getCamelContext().getRegistry().lookupByNameAndType("upstreams", Upstreams.class);
            for (Market market : markets) {
                List<Channel> channels = symbols.get(market).stream().map(market::channel).toList();
                channels.forEach(c -> marketOfChannel.put(c.toString(), market));
                feeds.byRoute(market.routeId).orElseThrow(() -> new IllegalStateException("no feed route " + market.routeId))
                        .subscribe(channels);
            }
            awaitSubscribed(simulator, symbols);
            System.out.println("== mixed markets: " + markets.stream().map(m -> m.label).toList() + ", " + symbolCount
                    + " symbols each, the total rate split evenly ==");

            // a run straight after start-up measures the JIT: after a 5 s warm-up its p50 was 0.7-2 s, later runs ~1 ms
            int warmup = Integer.getInteger("bench.warmup.seconds", 20);
            int warmupRate = Integer.getInteger("bench.warmup.rate", 10_000);
            if (warmup > 0) {
                runOnce(simulator, symbols, warmupRate, warmup, false);
                System.out.printf(Locale.ROOT, "  (warm-up: %d s at %,d msg/s in total, not reported)%n", warmup, warmupRate);
            }
            for (String rate : System.getProperty("bench.rates", "10000,50000").split(",")) {
                runOnce(simulator, symbols, Double.parseDouble(rate.strip()), seconds, true);
            }
            System.out.println("  messages on channels no benchmark symbol publishes: " + otherChannels.get()
                    + "; DataStream dead letters: " + (long) meters.find("datastream.deadletters").counters().stream()
                    .mapToDouble(Counter::count).sum());
            subscriber.close();
            client.shutdown();
            service.stop();
        }
    }

    private void runOnce(ExchangeSimulator simulator, Map<Market, List<String>> symbols, double totalRate, int seconds,
                         boolean report) throws Exception {
        double rate = totalRate / markets.size();
        int expected = (int) Math.min(Integer.MAX_VALUE - 8, (long) (rate * seconds * 1.2) + 1_000);
        tallies.values().forEach(t -> t.reset(expected));
        Map<Market, long[]> serviceBefore = serviceCounts();
        long lateBefore = late.get();
        String loadBefore = BenchSupport.machineLoad();
        double cpuBefore = BenchSupport.processCpuSeconds();
        counting = true;
        long start = System.nanoTime();
        // where the backlog waits: the publish queue (drops when full) or in front of the feeds (back-pressure)
        AtomicLong maxPublishQueue = new AtomicLong();
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                Gauge depth = meters.find("datastream.publish.buffer.depth").gauge();
                if (depth != null) {
                    maxPublishQueue.accumulateAndGet((long) depth.value(), Math::max);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-queue-sampler");
        sampler.setDaemon(true);
        sampler.start();
        Map<Market, SyntheticFeed> feeds = new EnumMap<>(Market.class);
        for (Market market : markets) {
            feeds.put(market, simulator.generateTrades(SyntheticOptions.builder().market(market.synthetic)
                    .symbols(symbols.get(market)).ratePerSecond(rate).build()));
        }
        Thread.sleep(seconds * 1000L);
        feeds.values().forEach(SyntheticFeed::stop);
        long offered = feeds.values().stream().mapToLong(SyntheticFeed::sent).sum();
        long deadline = System.nanoTime() + Duration.ofSeconds(Integer.getInteger("bench.drain.seconds", 10)).toNanos();
        // events DataStream dropped (publish buffer full) never come: stop waiting once the rest arrived
        while (delivered() + droppedSince(serviceBefore) < offered && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        double elapsed = (lastArrivalNanos - start) / 1e9;
        sampler.interrupt();
        Thread.sleep(200); // anything beyond the offered count (duplicates) would arrive now
        counting = false;
        // whatever is still on its way arrives now, uncounted, so it cannot mix into the next run
        long quietSince = System.nanoTime();
        long seen = late.get();
        long giveUp = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() - quietSince < Duration.ofSeconds(2).toNanos() && System.nanoTime() < giveUp) {
            Thread.sleep(100);
            if (late.get() != seen) {
                seen = late.get();
                quietSince = System.nanoTime();
            }
        }
        Map<Market, long[]> serviceAfter = serviceCounts();
        if (!report) {
            return;
        }
        System.out.printf(Locale.ROOT, "== %,.0f msg/s offered in total (%,.0f/s per market), %d s ==%n", totalRate, rate, seconds);
        System.out.printf(Locale.ROOT, "  machine: %s before, %s after; this JVM used %.1f CPU s%n", loadBefore,
                BenchSupport.machineLoad(), BenchSupport.processCpuSeconds() - cpuBefore);
        System.out.printf(Locale.ROOT, "  %-15s %9s %9s %9s %9s %9s %9s %6s %7s %7s %8s %8s %8s %6s%n", "market", "offered",
                "frames in", "published", "dropped", "delivered", "in order", "o.o.o.", "lost", "late", "p50 ms", "p99 ms",
                "max ms", "pauses");
        List<long[]> all = new ArrayList<>();
        long[] totals = new long[7];
        for (Market market : markets) {
            Tally tally = tallies.get(market);
            SyntheticFeed feed = feeds.get(market);
            long[] latency = tally.sortedLatencies();
            all.add(latency);
            long[] service = new long[3];
            for (int i = 0; i < 3; i++) {
                service[i] = serviceAfter.get(market)[i] - serviceBefore.get(market)[i];
            }
            long[] counts = {feed.sent(), service[0], service[1], service[2], tally.received.get(), tally.outOfOrder.get(), feed.pauses()};
            for (int i = 0; i < counts.length; i++) {
                totals[i] += counts[i];
            }
            row(market.label, counts, -1, latency);
        }
        long[] total = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        row("total", totals, late.get() - lateBefore, total);
        System.out.printf(Locale.ROOT, "  %,.0f msg/s offered, %,.0f msg/s delivered end to end (%.1f s until the last counted one "
                + "arrived); publish queue at most %,d events%n", offered / (double) seconds, totals[4] / elapsed, elapsed,
                maxPublishQueue.get());
    }

    /**
     * One line: counts are offered, frames in, published, dropped, delivered, out of order, pauses; late is what arrived
     * after the run's drain deadline (known in total only, -1 per market).
     */
    private static void row(String label, long[] c, long late, long[] sortedLatency) {
        System.out.printf(Locale.ROOT, "  %-15s %,9d %,9d %,9d %,9d %,9d %,9d %,6d %,7d %7s %8.2f %8.2f %8.2f %,6d%n", label, c[0],
                c[1], c[2], c[3], c[4], c[4] - c[5], c[5], c[0] - c[4], late < 0 ? "" : String.format(Locale.ROOT, "%,d", late),
                BenchSupport.pct(sortedLatency, 50), BenchSupport.pct(sortedLatency, 99),
                sortedLatency.length == 0 ? Double.NaN : sortedLatency[sortedLatency.length - 1] / 1000.0, c[6]);
    }

    /**
     * DataStream's own counters per market: frames its feed route received (every frame, acks and heartbeats too),
     * events it published and events it dropped on the market's benchmark channels.
     */
    private Map<Market, long[]> serviceCounts() {
        Map<Market, long[]> counts = new EnumMap<>(Market.class);
        for (Market market : markets) {
            double frames = meters.find("datastream.upstream.frames").functionCounters().stream()
                    .filter(c -> isRouteOf(market, c.getId().getTag("route"))).mapToDouble(FunctionCounter::count).sum();
            counts.put(market, new long[] {(long) frames, channelCount("datastream.events.published", market),
                channelCount("datastream.events.dropped", market)});
        }
        return counts;
    }

    private long channelCount(String meter, Market market) {
        return (long) meters.find(meter).counters().stream()
                .filter(c -> market == marketOfChannel.get(c.getId().getTag("channel"))).mapToDouble(Counter::count).sum();
    }

    /** The feed's route, or one of the extra connections ({@code <route>-2}, ...) it may have opened. */
    private static boolean isRouteOf(Market market, String route) {
        return route != null && (route.equals(market.routeId) || route.matches(Pattern.quote(market.routeId) + "-\\d+"));
    }

    private long droppedSince(Map<Market, long[]> before) {
        Map<Market, long[]> now = serviceCounts();
        return markets.stream().mapToLong(m -> now.get(m)[2] - before.get(m)[2]).sum();
    }

    private long delivered() {
        return tallies.values().stream().mapToLong(t -> t.received.get()).sum();
    }

    /** Waits until the simulator sees every benchmark stream subscribed, so no run starts with a market missing. */
    private static void awaitSubscribed(ExchangeSimulator simulator, Map<Market, List<String>> symbols) throws InterruptedException {
        List<String> wanted = new ArrayList<>();
        symbols.forEach((market, names) -> names.forEach(s -> wanted.add(market.synthetic.tradeStream(s).toLowerCase(Locale.ROOT))));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Set<String> subscribed = simulator.subscribedStreams();
            List<String> missing = wanted.stream().filter(s -> !subscribed.contains(s)).toList();
            if (missing.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("streams never subscribed at the simulator: " + missing);
            }
            Thread.sleep(50);
        }
    }

    private void onMessage(String channel, String message) {
        long now = Times.nowMicros();
        Market market = marketOfChannel.get(channel);
        if (market == null) {
            otherChannels.incrementAndGet();
            return;
        }
        if (!counting) {
            late.incrementAndGet();
            return;
        }
        Tally tally = tallies.get(market);
        tally.received.incrementAndGet();
        lastArrivalNanos = System.nanoTime();
        long[] sink = tally.latencies;
        int i = tally.latencyCount.getAndIncrement();
        if (i < sink.length) {
            sink[i] = now - BenchSupport.longField(message, "\"recvTs\":");
        }
        long number = market.synthetic.tradeNumber(BenchSupport.stringField(message, "\"tradeId\":\""));
        Long previous = tally.lastNumber.put(channel, number);
        if (previous != null && number <= previous) {
            tally.outOfOrder.incrementAndGet();
        }
    }

    private Main startService(EmbeddedRedis redis, ExchangeSimulator simulator) throws Exception {
        Properties properties = new Properties();
        // every venue on the simulator, as DataStreamTestSupport does: nothing reaches the internet
        properties.put("datastream.binance.usdm.ws-url", simulator.wsUrl());
        properties.put("datastream.binance.coinm.ws-url", simulator.wsUrl());
        properties.put("datastream.kraken.spot.ws-url", simulator.wsUrl() + "/kraken/v2");
        properties.put("datastream.kraken.futures.ws-url", simulator.wsUrl() + "/kraken-futures/ws/v1");
        List<String> used = markets.stream().map(m -> m.routeId).toList();
        properties.put("camel.main.route-filter-exclude-pattern",
                String.join(",", FEEDS.stream().filter(f -> !used.contains(f)).toList()));
        return BenchSupport.startService(redis.url(), simulator.wsUrl(), properties);
    }
}
