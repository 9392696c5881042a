package io.datastream.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.client.DataStreamAdapter;
import io.datastream.client.DataStreamClient;
import io.datastream.client.Message;
import io.datastream.client.SubscribeResult;
import io.datastream.model.Times;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import org.apache.camel.main.Main;

/**
 * Fan-out benchmark: the control server and the Java client library. Simulator (synthetic Binance spot trades) →
 * DataStream → Redis → {@code bench.clients} {@link DataStreamClient}s, each subscribed through the control server to
 * {@code bench.channels-per-client} of {@code bench.symbols} trade channels, so every channel has several subscribers.
 * All in one JVM on this machine (Redis is its own process). Not a test: run it by hand, see the README.
 * <p>Phases, the feed running at {@code bench.rate} trades/s over all channels throughout:
 * <ol>
 * <li>fan-out: messages/s delivered to all subscriptions, added latency (the event's {@code recvTs} → the client's
 * listener), per subscription loss and duplicates by trade id (checked at the end against what the simulator sent);</li>
 * <li>subscribe → first message, for channels no one streams yet (the upstream SUBSCRIBE is part of it), split into
 * control reply, SUBSCRIBE seen by the exchange, first frame received by DataStream, client;</li>
 * <li>control requests/s: ping and list round trips, one at a time, on one connection and on several at once.</li>
 * </ol>
 * System properties: {@code bench.clients} (10), {@code bench.channels-per-client} (10), {@code bench.symbols} (20),
 * {@code bench.rate} (10000), {@code bench.warmup.seconds} (10), {@code bench.seconds} (30), {@code bench.probes} (10),
 * {@code bench.probe.rate} (200 trades/s on each probed channel), {@code bench.control.seconds} (5),
 * {@code bench.control.connections} (10).
 */
public final class FanOutBenchmark {

    private final int clientCount = Integer.getInteger("bench.clients", 10);
    private final int channelsPerClient = Integer.getInteger("bench.channels-per-client", 10);
    private final int symbolCount = Integer.getInteger("bench.symbols", 20);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "10000"));
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 10);
    private final int seconds = Integer.getInteger("bench.seconds", 30);
    private final int probes = Integer.getInteger("bench.probes", 10);
    private final double probeRate = Double.parseDouble(System.getProperty("bench.probe.rate", "200"));
    private final int controlSeconds = Integer.getInteger("bench.control.seconds", 5);
    private final int controlConnections = Integer.getInteger("bench.control.connections", 10);

    /** What one client saw; written only on that client's event thread. */
    private static final class ClientRecorder extends DataStreamAdapter {
        final Map<String, BitSet> ids = new ConcurrentHashMap<>();
        final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
        final AtomicLong gaps = new AtomicLong();
        final AtomicLong gapMessages = new AtomicLong();
        final AtomicLong delivered = new AtomicLong();
        volatile long[] latencies = new long[0];
        volatile int latencyCount;

        @Override
        public void onMessage(Message message) {
            long now = Times.nowMicros();
            JsonNode node = message.node();
            if (!"trade".equals(node.path("type").asText())) {
                return;
            }
            delivered.incrementAndGet();
            long[] sink = latencies;
            if (sink.length > 0 && latencyCount < sink.length) {
                sink[latencyCount++] = now - node.get("recvTs").asLong();
            }
            int tradeId = Integer.parseInt(node.get("tradeId").asText());
            String channel = message.channel();
            BitSet seen = ids.computeIfAbsent(channel, c -> new BitSet());
            counts.computeIfAbsent(channel, c -> new AtomicLong()).incrementAndGet();
            synchronized (seen) {
                seen.set(tradeId);
            }
        }

        @Override
        public void onGap(String channel, long expectedSeq, long gotSeq) {
            gaps.incrementAndGet();
            if (gotSeq > expectedSeq) {
                gapMessages.addAndGet(gotSeq - expectedSeq);
            }
        }
    }

    /** The probe client's view: when the first trade of each probed channel arrived. */
    private static final class ProbeRecorder extends DataStreamAdapter {
        final Map<String, long[]> first = new ConcurrentHashMap<>();
        final Map<String, CountDownLatch> waiting = new ConcurrentHashMap<>();

        @Override
        public void onMessage(Message message) {
            long nanos = System.nanoTime();
            if (!"trade".equals(message.type())) {
                return;
            }
            CountDownLatch latch = waiting.get(message.channel());
            if (latch != null && first.putIfAbsent(message.channel(),
                    new long[] {nanos, message.node().get("recvTs").asLong(), message.node().get("ts").asLong()}) == null) {
                latch.countDown();
            }
        }
    }

    public static void main(String[] args) {
        BenchSupport.runThenExit(() -> new FanOutBenchmark().run());
    }

    private static String channel(String symbol) {
        return "binance:spot:" + symbol + ":trade";
    }

    private void run() throws Exception {
        if (channelsPerClient > symbolCount) {
            throw new IllegalArgumentException("bench.channels-per-client must be <= bench.symbols");
        }
        List<String> symbols = IntStream.range(0, symbolCount).mapToObj(i -> "fan" + i + "usdt").toList();
        System.out.println("== fan-out: " + clientCount + " DataStreamClients x " + channelsPerClient + " channels = "
                + clientCount * channelsPerClient + " subscriptions over " + symbolCount + " trade channels, "
                + (long) rate + " trades/s upstream in total ==");
        System.out.println("  " + BenchSupport.machineLoad() + " at start");
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); ExchangeSimulator simulator = ExchangeSimulator.start(0)) {
            Properties properties = new Properties();
            // probed channels stop upstream soon after the probe unsubscribes, so they do not add load for 30 s
            properties.put("datastream.control.grace-period", "2s");
            Main service = BenchSupport.startService(redis.url(), simulator.wsUrl(), properties);
            String controlUrl = "ws://127.0.0.1:" + properties.getProperty("datastream.control.port") + "/control";
            BenchSupport.await(() -> simulator.connectionCount() == 1, 15_000);

            // 1. the clients subscribe through the control server (the first subscriber of a channel starts it upstream)
            List<DataStreamClient> clients = new ArrayList<>();
            List<ClientRecorder> recorders = new ArrayList<>();
            long subscribeStart = System.nanoTime();
            for (int i = 0; i < clientCount; i++) {
                ClientRecorder recorder = new ClientRecorder();
                DataStreamClient client = DataStreamClient.builder().server(controlUrl).redis(redis.url())
                        .listener(recorder).build();
                client.connect();
                List<String> mine = new ArrayList<>();
                for (int k = 0; k < channelsPerClient; k++) {
                    mine.add(channel(symbols.get((i * channelsPerClient + k) % symbolCount)));
                }
                SubscribeResult result = client.subscribe(mine).get(10, TimeUnit.SECONDS);
                if (!result.allOk()) {
                    throw new IllegalStateException("subscribe refused: " + result);
                }
                clients.add(client);
                recorders.add(recorder);
            }
            System.out.printf(Locale.ROOT, "  %d clients connected and subscribed in %.2f s%n", clientCount,
                    (System.nanoTime() - subscribeStart) / 1e9);
            boolean upstream = BenchSupport.await(() -> simulator.subscribedStreams().containsAll(
                    symbols.stream().map(s -> s + "@trade").toList()), 10_000);
            if (!upstream) {
                throw new IllegalStateException("not every channel reached the exchange: " + simulator.subscribedStreams());
            }
            int subscribers = clientCount * channelsPerClient / symbolCount;
            SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().symbols(symbols).ratePerSecond(rate).build());
            Thread.sleep(warmupSeconds * 1000L);

            // 2. fan-out throughput and latency
            for (ClientRecorder recorder : recorders) {
                recorder.latencies = new long[(int) (rate * seconds * channelsPerClient / symbolCount * 1.5) + 1000];
            }
            long sentBefore = feed.sent();
            long deliveredBefore = recorders.stream().mapToLong(r -> r.delivered.get()).sum();
            double cpuBefore = BenchSupport.processCpuSeconds();
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            double elapsed = (System.nanoTime() - start) / 1e9;
            long delivered = recorders.stream().mapToLong(r -> r.delivered.get()).sum() - deliveredBefore;
            long offered = feed.sent() - sentBefore;
            double cpu = BenchSupport.processCpuSeconds() - cpuBefore;
            List<long[]> samples = new ArrayList<>();
            for (ClientRecorder recorder : recorders) {
                long[] sink = recorder.latencies;
                recorder.latencies = new long[0];
                samples.add(Arrays.copyOf(sink, Math.min(recorder.latencyCount, sink.length)));
            }
            long[] all = samples.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            System.out.printf(Locale.ROOT, "  upstream: %,d trades in %.1f s (%,.0f/s offered by the simulator), %d subscribers per channel%n",
                    offered, elapsed, offered / elapsed, subscribers);
            System.out.printf(Locale.ROOT, "  delivered to all subscriptions: %,d (%,.0f msgs/s; expected %,.0f/s = offered x %d)%n",
                    delivered, delivered / elapsed, offered / elapsed * subscribers, subscribers);
            System.out.printf(Locale.ROOT, "  JVM CPU (simulator + DataStream + %d clients): %.2f cores of 2%n", clientCount, cpu / elapsed);
            System.out.println("  added latency (event recvTs -> client listener), all subscriptions: " + BenchSupport.percentiles(all));
            System.out.println("  " + BenchSupport.machineLoad() + " after the fan-out phase");

            // 3. subscribe -> first message for channels not yet streaming upstream
            probe(simulator, controlUrl, redis.url());

            // 4. control requests per second
            controlRequests(controlUrl);

            // loss and duplicates: the feed stops, everything in flight lands, then each subscription is checked
            feed.stop();
            BenchSupport.awaitQuiet(() -> recorders.stream().mapToLong(r -> r.delivered.get()).sum(), Duration.ofSeconds(2));
            report(feed, recorders, clients, symbols);
            System.out.println("  " + BenchSupport.machineLoad() + " at the end");
            clients.forEach(DataStreamClient::close);
            service.stop();
        }
    }

    private void probe(ExchangeSimulator simulator, String controlUrl, String redisUrl) throws Exception {
        System.out.println("== subscribe -> first message, channel not streaming upstream yet (" + probes + " probes, "
                + (long) probeRate + " trades/s on each probed channel, the fan-out load running) ==");
        List<String> probeSymbols = IntStream.rangeClosed(0, probes).mapToObj(i -> "probe" + i + "usdt").toList();
        ProbeRecorder recorder = new ProbeRecorder();
        try (DataStreamClient client = DataStreamClient.builder().server(controlUrl).redis(redisUrl).listener(recorder).build()) {
            client.connect();
            SyntheticFeed probeFeed = simulator.generateTrades(SyntheticOptions.builder().symbols(probeSymbols)
                    .ratePerSecond(probeRate * probeSymbols.size()).build());
            List<long[]> rows = new ArrayList<>();
            for (int i = 0; i <= probes; i++) {
                String symbol = probeSymbols.get(i);
                String channel = channel(symbol);
                CountDownLatch latch = new CountDownLatch(1);
                recorder.waiting.put(channel, latch);
                long[] upstreamSeen = {0};
                Thread watcher = new Thread(() -> {
                    while (!Thread.currentThread().isInterrupted()) {
                        if (simulator.subscribedStreams().contains(symbol + "@trade")) {
                            upstreamSeen[0] = System.nanoTime();
                            return;
                        }
                        LockSupport.parkNanos(100_000);
                    }
                }, "probe-watcher");
                watcher.start();
                long t0 = System.nanoTime();
                long t0Micros = Times.nowMicros();
                long[] replied = {0};
                client.subscribe(List.of(channel)).thenRun(() -> replied[0] = System.nanoTime());
                boolean arrived = latch.await(30, TimeUnit.SECONDS);
                watcher.interrupt();
                watcher.join();
                long[] first = recorder.first.get(channel);
                if (!arrived || first == null) {
                    System.out.println("  probe " + channel + ": no message within 30 s");
                } else if (i > 0) { // probe 0 starts the probe feed and warms the path: not counted
                    rows.add(new long[] {first[0] - t0, replied[0] == 0 ? -1 : replied[0] - t0,
                            upstreamSeen[0] == 0 ? -1 : upstreamSeen[0] - t0, (first[1] - t0Micros) * 1000});
                }
                client.unsubscribe(List.of(channel));
                Thread.sleep(1000); // Binance spot takes 5 control messages/s: keep the probes apart
            }
            probeFeed.stop();
            if (!rows.isEmpty()) {
                System.out.println("  per probe (ms): total subscribe->first message | control reply | SUBSCRIBE at exchange"
                        + " (polled every 0.1 ms) | first frame received by DataStream (recvTs)");
                for (long[] row : rows) {
                    System.out.printf(Locale.ROOT, "    %7.2f | %7.2f | %7.2f | %7.2f%n", row[0] / 1e6, row[1] / 1e6,
                            row[2] / 1e6, row[3] / 1e6);
                }
                for (int column = 0; column < 4; column++) {
                    int c = column;
                    long[] sorted = rows.stream().mapToLong(r -> r[c]).sorted().toArray();
                    System.out.printf(Locale.ROOT, "  %-42s min %.2f median %.2f max %.2f ms%n", new String[] {
                            "subscribe -> first message at the client:", "subscribe -> control reply:",
                            "subscribe -> SUBSCRIBE at the exchange:", "subscribe -> first frame at DataStream:"}[c],
                            sorted[0] / 1e6, sorted[sorted.length / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
                }
            }
        }
    }

    private void controlRequests(String controlUrl) throws Exception {
        System.out.println("== control requests/s (round trips one at a time per connection, " + controlSeconds
                + " s each, fan-out load running) ==");
        HttpClient http = HttpClient.newHttpClient();
        for (String op : List.of("ping", "list")) {
            for (int connections : new int[] {1, controlConnections}) {
                ExecutorService pool = Executors.newFixedThreadPool(connections);
                List<ControlConnection> sockets = new ArrayList<>();
                for (int i = 0; i < connections; i++) {
                    sockets.add(new ControlConnection(controlUrl, http));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(controlSeconds);
                long start = System.nanoTime();
                List<Future<long[]>> results = new ArrayList<>();
                for (ControlConnection socket : sockets) {
                    results.add(pool.submit(() -> {
                        long[] latencies = new long[1 << 20];
                        int n = 0;
                        while (System.nanoTime() < deadline && n < latencies.length) {
                            long t = System.nanoTime();
                            socket.request(op).get(10, TimeUnit.SECONDS);
                            latencies[n++] = (System.nanoTime() - t) / 1000;
                        }
                        return Arrays.copyOf(latencies, n);
                    }));
                }
                List<long[]> all = new ArrayList<>();
                for (Future<long[]> result : results) {
                    all.add(result.get());
                }
                double elapsed = (System.nanoTime() - start) / 1e9;
                long[] sorted = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
                System.out.printf(Locale.ROOT, "  %-4s on %2d connection(s): %,8.0f requests/s; round trip %s%n", op,
                        connections, sorted.length / elapsed, BenchSupport.percentiles(sorted));
                sockets.forEach(ControlConnection::close);
                pool.shutdown();
            }
        }
    }
    private void report(SyntheticFeed feed, List<ClientRecorder> recorders, List<DataStreamClient> clients,
            List<String> symbols) {
        long subscriptions = 0;
        long lost = 0;
        long duplicates = 0;
        long worstLost = 0;
        long expectedTotal = 0;
        for (int i = 0; i < recorders.size(); i++) {
            ClientRecorder recorder = recorders.get(i);
            for (int k = 0; k < channelsPerClient; k++) {
                String symbol = symbols.get((i * channelsPerClient + k) % symbolCount);
                String channel = channel(symbol);
                long sent = feed.sent(symbol);
                BitSet seen = recorder.ids.getOrDefault(channel, new BitSet());
                long distinct;
                synchronized (seen) {
                    distinct = seen.get(1, (int) sent + 1).cardinality();
                }
                long count = recorder.counts.getOrDefault(channel, new AtomicLong()).get();
                subscriptions++;
                expectedTotal += sent;
                lost += sent - distinct;
                worstLost = Math.max(worstLost, sent - distinct);
                duplicates += count - distinct;
            }
        }
        long gaps = recorders.stream().mapToLong(r -> r.gaps.get()).sum();
        long gapMessages = recorders.stream().mapToLong(r -> r.gapMessages.get()).sum();
        long dropped = clients.stream().mapToLong(DataStreamClient::droppedMessages).sum();
        System.out.println("== loss and duplicates per subscription (trade ids 1..sent of each channel, whole run) ==");
        System.out.printf(Locale.ROOT, "  %d subscriptions, %,d trades expected in total: lost %d (worst subscription %d),"
                + " duplicates %d; client onGap calls %d (%d messages), client buffer drops %d%n", subscriptions,
                expectedTotal, lost, worstLost, duplicates, gaps, gapMessages, dropped);
    }
}
