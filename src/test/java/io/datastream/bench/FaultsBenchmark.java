package io.datastream.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import io.datastream.exchange.UpstreamConsumer;
import io.datastream.model.Channel;
import io.datastream.model.Times;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.apache.camel.main.Main;

/**
 * Fault benchmark ("production-grade connections"): synthetic Binance spot trades at {@code bench.rate}/s on
 * {@code bench.symbols} symbols flow simulator → DataStream → Redis → a pattern subscriber while a fault is injected
 * every {@code bench.fault.interval} seconds, cycling through the kinds in {@code bench.kinds}:
 * <ul>
 * <li>{@code drop}: the exchange resets every connection (TCP RST, no close frame);</li>
 * <li>{@code close1001}: the exchange closes with 1001 going away;</li>
 * <li>{@code stall}: the connection stays open but goes silent (stale detection must replace it);</li>
 * <li>{@code shutdown}: Binance's {@code serverShutdown} notice (make-before-break rotation);</li>
 * <li>{@code redis}: DataStream's link to Redis is cut for {@code bench.redis.outage} seconds (subscribers stay
 * connected to Redis);</li>
 * <li>{@code outage}: a drop, and the exchange refuses new connections for {@code bench.refuse.seconds}.</li>
 * </ul>
 * Before them, the same length without faults, for comparison. Between the simulator and DataStream sits a tap
 * ({@link LoopbackProxy}) that records every trade the exchange actually delivered to DataStream, so a trade missing at
 * the subscriber is classified as lost at the exchange side (never delivered to DataStream: sent while no connection was
 * subscribed, or still in the TCP buffers when a connection ended; the synthetic feed does not replay, like a real
 * exchange's live stream), delivered on a connection after DataStream had sent its close frame on it, or lost inside
 * DataStream (delivered on a connection it was using, never published).
 * Duplicates are counted by trade id at the subscriber, split into a repeat with the same {@code seq} (Redis
 * at-least-once across an outage, which the Java client drops) and a repeat under a new {@code seq} (published twice).
 * Recovery time of a fault: from the fault (for {@code redis}: also from the link's return) to the first trade generated
 * after it that reaches the subscriber fresh (exchange time → subscriber under {@code bench.fresh.ms}).
 * A sampler also reports how long the feed kept its socket paused for back-pressure (read from private fields of
 * {@link UpstreamConsumer}, for diagnosis only).
 * <p>Not a test: run it by hand, see the README. Stale detection is shortened ({@code bench.stale-timeout}, 3 s; ping
 * interval 1 s) so a stall costs seconds, not the default 60 s; every other setting is the default.
 */
public final class FaultsBenchmark {

    private final int symbolCount = Integer.getInteger("bench.symbols", 20);
    private final double rate = Double.parseDouble(System.getProperty("bench.rate", "10000"));
    private final int warmupSeconds = Integer.getInteger("bench.warmup.seconds", 5);
    private final int interval = Integer.getInteger("bench.fault.interval", 8);
    private final int cycles = Integer.getInteger("bench.cycles", 2);
    private final List<String> kinds = List.of(System.getProperty("bench.kinds",
            "drop,close1001,stall,shutdown,redis,outage").split(","));
    private final int redisOutageSeconds = Integer.getInteger("bench.redis.outage", 3);
    private final int refuseSeconds = Integer.getInteger("bench.refuse.seconds", 2);
    private final String staleTimeout = System.getProperty("bench.stale-timeout", "3s");
    private final long freshMicros = Long.getLong("bench.fresh.ms", 50) * 1000;
    private final String only = System.getProperty("bench.only", ""); // "faults" or "baseline": one run only

    /** One injected fault and what the subscriber saw after it. */
    private static final class Fault {
        final String kind;
        final long start;
        volatile long end;
        volatile long recovered;
        volatile long maxSilence;
        long reconnects;
        long rotations;
        String note = "";

        Fault(String kind, long start) {
            this.kind = kind;
            this.start = start;
            this.end = start;
        }
    }

    /**
     * What the exchange delivered to DataStream, per symbol, as seen by the tap: on a connection DataStream still used,
     * or after DataStream had sent its close frame on it (e.g. data a stalled exchange flushed late).
     */
    private static final class Ledger {
        final Map<String, BitSet> forwarded = new ConcurrentHashMap<>();
        final Map<String, BitSet> afterClose = new ConcurrentHashMap<>();
        final AtomicLong frames = new AtomicLong();

        void onFrame(String text, boolean afterClientClose) {
            if (!text.contains("\"e\":\"trade\"")) {
                return;
            }
            String stream = BenchSupport.stringField(text, "\"stream\":\"");
            long tradeId = BenchSupport.longField(text, "\"t\":");
            if (stream == null || tradeId < 0) {
                return;
            }
            frames.incrementAndGet();
            BitSet ids = (afterClientClose ? afterClose : forwarded).computeIfAbsent(stream.substring(0, stream.indexOf('@')),
                    s -> new BitSet());
            synchronized (ids) {
                ids.set((int) tradeId);
            }
        }

        static boolean has(Map<String, BitSet> map, String symbol, long tradeId) {
            BitSet ids = map.get(symbol);
            if (ids == null) {
                return false;
            }
            synchronized (ids) {
                return ids.get((int) tradeId);
            }
        }
    }

    /** What the subscriber received for one symbol, indexed by trade id; written on the Lettuce thread only. */
    private static final class SymbolLog {
        long[] seq = new long[1 << 16];
        long[] ts = new long[1 << 16];
        long count;
        long duplicatesSameSeq;
        long duplicatesNewSeq;
        long lastSeq;
        long seqGaps;
        long seqMissing;
        long maxTradeId;
        long outOfOrder;

        void grow(long tradeId) {
            if (tradeId >= seq.length) {
                int size = (int) Math.max(seq.length * 2L, tradeId + 1);
                seq = Arrays.copyOf(seq, size);
                ts = Arrays.copyOf(ts, size);
            }
        }
    }

    private final class Subscriber extends RedisPubSubAdapter<String, String> {
        final Map<String, SymbolLog> logs = new ConcurrentHashMap<>();
        final List<String> statuses = new CopyOnWriteArrayList<>();
        final List<long[]> duplicateTimes = new CopyOnWriteArrayList<>(); // [receipt micros, same seq ? 1 : 0]
        final AtomicLong received = new AtomicLong();
        long[] latencies = new long[1 << 21];
        int latencyCount;
        long lastReceipt;
        long maxSilenceNoFault;

        @Override
        public void message(String pattern, String channel, String message) {
            long now = Times.nowMicros();
            if (channel.endsWith(":status")) {
                statuses.add(BenchSupport.stringField(message, "\"state\":\"") + " (" + BenchSupport.stringField(message,
                        "\"reason\":\"") + ")");
                return;
            }
            received.incrementAndGet();
            String symbol = channel.substring("binance:spot:".length(), channel.lastIndexOf(':'));
            long tradeId = Long.parseLong(BenchSupport.stringField(message, "\"tradeId\":\""));
            long seq = BenchSupport.longField(message, "\"seq\":");
            long ts = BenchSupport.longField(message, "\"ts\":");
            long recvTs = BenchSupport.longField(message, "\"recvTs\":");
            if (latencyCount < latencies.length) {
                latencies[latencyCount++] = now - recvTs;
            }
            SymbolLog log = logs.computeIfAbsent(symbol, s -> new SymbolLog());
            log.grow(tradeId);
            log.count++;
            int id = (int) tradeId;
            if (log.seq[id] != 0) {
                boolean sameSeq = log.seq[id] == seq;
                if (sameSeq) {
                    log.duplicatesSameSeq++;
                } else {
                    log.duplicatesNewSeq++;
                }
                duplicateTimes.add(new long[] {now, sameSeq ? 1 : 0});
            } else {
                log.seq[id] = seq;
                log.ts[id] = ts;
                if (tradeId < log.maxTradeId) {
                    log.outOfOrder++;
                }
                log.maxTradeId = Math.max(log.maxTradeId, tradeId);
            }
            if (seq > log.lastSeq + 1 && log.lastSeq > 0) {
                log.seqGaps++;
                log.seqMissing += seq - log.lastSeq - 1;
            }
            log.lastSeq = Math.max(log.lastSeq, seq);
            // silence and recovery, per fault
            long silence = lastReceipt == 0 ? 0 : now - lastReceipt;
            lastReceipt = now;
            Fault current = faults.isEmpty() ? null : faults.get(faults.size() - 1);
            if (current == null) {
                maxSilenceNoFault = Math.max(maxSilenceNoFault, silence);
            } else if (silence > current.maxSilence) {
                current.maxSilence = silence;
            }
            for (Fault fault : faults) {
                if (fault.recovered == 0 && fault.end > 0 && ts >= fault.end && now - ts < freshMicros) {
                    fault.recovered = now;
                }
            }
        }
    }

    private final List<Fault> faults = new CopyOnWriteArrayList<>();

    /**
     * Diagnostics: samples every 20 ms whether the feed has paused its socket (back-pressure: too many frames waiting
     * for the worker) and how many frames wait.
     */
    private static final class PauseWatch {
        private final Thread thread;
        private volatile boolean running = true;
        private int maxPending;
        private int pausedPeriods;
        private long longestPausedMillis;
        private final List<String> longPauses = new ArrayList<>();

        PauseWatch(UpstreamConsumer feed) {
            thread = new Thread(() -> {
                long pausedSince = 0;
                while (running) {
                    try {
                        boolean paused = feed.isPaused();
                        int pending = feed.pendingFrames();
                        maxPending = Math.max(maxPending, pending);
                        long now = System.currentTimeMillis();
                        if (paused && pausedSince == 0) {
                            pausedSince = now;
                            pausedPeriods++;
                        } else if (!paused && pausedSince != 0) {
                            record(pausedSince, now);
                            pausedSince = 0;
                        }
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (pausedSince != 0) {
                    record(pausedSince, System.currentTimeMillis());
                }
            }, "pause-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private void record(long from, long to) {
            longestPausedMillis = Math.max(longestPausedMillis, to - from);
            if (to - from >= 1000) {
                longPauses.add(String.format(Locale.ROOT, "%tT.%<tL for %d ms", from, to - from));
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }

        @Override
        public String toString() {
            return "feed socket paused by back-pressure (sampled every 20 ms): " + pausedPeriods + " times, longest "
                    + longestPausedMillis + " ms" + (longPauses.isEmpty() ? "" : " " + longPauses) + "; most frames waiting for the worker "
                    + maxPending;
        }
    }

    public static void main(String[] args) {
        FaultsBenchmark benchmark = new FaultsBenchmark();
        BenchSupport.runThenExit(() -> {
            if (!benchmark.only.equals("faults")) {
                benchmark.run(false);
            }
            if (!benchmark.only.equals("baseline")) {
                benchmark.run(true);
            }
        });
    }

    private void run(boolean inject) throws Exception {
        faults.clear();
        int slots = kinds.size() * cycles;
        System.out.println("== " + (inject ? "with faults: " + String.join(", ", kinds) + " x " + cycles + ", one every "
                + interval + " s" : "without faults (same length: " + slots * interval + " s)") + "; " + symbolCount
                + " symbols, " + (long) rate + " trades/s ==");
        System.out.println("  " + BenchSupport.machineLoad() + " at start");
        List<String> symbols = IntStream.range(0, symbolCount).mapToObj(i -> "fault" + i + "usdt").toList();
        Ledger ledger = new Ledger();
        Subscriber subscriber = new Subscriber();
        try (EmbeddedRedis redis = EmbeddedRedis.start(0); ExchangeSimulator simulator = ExchangeSimulator.start(0);
                LoopbackProxy tap = new LoopbackProxy(simulator.port(), ledger::onFrame);
                LoopbackProxy redisLink = new LoopbackProxy(redis.port())) {
            RedisClient client = RedisClient.create(redis.url());
            StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
            connection.addListener(subscriber);
            connection.sync().psubscribe("binance:spot:fault*:trade", "binance:spot:fault*:status");
            Properties properties = new Properties();
            properties.put("datastream.upstream.stale-timeout", staleTimeout);
            properties.put("datastream.upstream.ping-interval", "1s");
            Main service = BenchSupport.startService("redis://127.0.0.1:" + redisLink.port(), "ws://127.0.0.1:" + tap.port(),
                    properties);
            BenchSupport.await(() -> simulator.connectionCount() == 1, 15_000);
            UpstreamConsumer feed = BenchSupport.spotFeed(service);
            feed.subscribe(symbols.stream().map(s -> Channel.of("binance", "spot", s, "trade")).toList());
            List<String> streams = symbols.stream().map(s -> s + "@trade").toList();
            BenchSupport.await(() -> simulator.subscribedStreams().containsAll(streams), 10_000);
            SyntheticFeed trades = simulator.generateTrades(SyntheticOptions.builder().symbols(symbols).ratePerSecond(rate).build());
            Thread.sleep(warmupSeconds * 1000L);
            PauseWatch pauses = new PauseWatch(feed);

            long runStart = System.nanoTime();
            double cpuBefore = BenchSupport.processCpuSeconds();
            for (int slot = 0; slot < slots; slot++) {
                long slotStart = System.nanoTime();
                if (inject) {
                    inject(kinds.get(slot % kinds.size()), simulator, redisLink, feed, streams);
                }
                long wait = slotStart + TimeUnit.SECONDS.toNanos(interval) - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(wait));
                }
            }
            trades.stop();
            double elapsed = (System.nanoTime() - runStart) / 1e9;
            double cpu = BenchSupport.processCpuSeconds() - cpuBefore;
            BenchSupport.awaitQuiet(subscriber.received::get, Duration.ofSeconds(2));
            pauses.stop();
            report(trades, ledger, subscriber, symbols, tap, feed, elapsed, cpu);
            System.out.println("  " + pauses);
            System.out.println("  " + BenchSupport.machineLoad() + " at the end");
            service.stop();
            connection.close();
            client.shutdown();
        }
    }

    private void inject(String kind, ExchangeSimulator simulator, LoopbackProxy redisLink, UpstreamConsumer feed,
            List<String> streams) throws Exception {
        closeCounters();
        long reconnects = feed.reconnects();
        long rotations = feed.rotations();
        Fault fault;
        switch (kind) {
            case "drop" -> {
                simulator.dropConnections();
                fault = new Fault(kind, Times.nowMicros());
            }
            case "close1001" -> {
                simulator.closeConnections(1001, "going away");
                fault = new Fault(kind, Times.nowMicros());
            }
            case "stall" -> {
                long stalledUpTo = simulator.totalConnectionsAccepted();
                simulator.stall(true);
                fault = new Fault(kind, Times.nowMicros());
                // the simulator pauses its feeds while stalled; it serves connections opened after the stall normally,
                // so the stall ends once DataStream's replacement connection has subscribed again
                boolean replaced = BenchSupport.await(() -> simulator.connections().stream().anyMatch(c -> c.id() > stalledUpTo
                        && c.subscribedStreams().containsAll(streams)), 60_000);
                simulator.stall(false);
                fault.note = replaced ? String.format(Locale.ROOT, "replacement subscribed after %.2f s",
                        (Times.nowMicros() - fault.start) / 1e6) : "NOT replaced within 60 s";
            }
            case "shutdown" -> {
                simulator.sendServerShutdown();
                fault = new Fault(kind, Times.nowMicros());
            }
            case "redis" -> {
                redisLink.cut();
                fault = new Fault(kind, Times.nowMicros());
                fault.end = 0; // recovery counts from the link's return
                faults.add(fault);
                Thread.sleep(redisOutageSeconds * 1000L);
                redisLink.restore();
                fault.end = Times.nowMicros();
            }
            case "outage" -> {
                simulator.refuseConnections(Duration.ofSeconds(refuseSeconds));
                simulator.dropConnections();
                fault = new Fault(kind, Times.nowMicros());
            }
            default -> throw new IllegalArgumentException("unknown fault kind " + kind);
        }
        if (!faults.contains(fault)) {
            faults.add(fault);
        }
        fault.reconnects = -reconnects;
        fault.rotations = -rotations;
        // counted at the end of the fault's slot: the deltas are filled in by the next fault or the report
        pendingCounters = new Object[] {fault, feed};
    }

    private Object[] pendingCounters;

    private void closeCounters() {
        if (pendingCounters != null) {
            Fault fault = (Fault) pendingCounters[0];
            UpstreamConsumer feed = (UpstreamConsumer) pendingCounters[1];
            fault.reconnects += feed.reconnects();
            fault.rotations += feed.rotations();
            pendingCounters = null;
        }
    }

    private static long distinct(Ledger ledger) {
        long total = 0;
        for (Map.Entry<String, BitSet> entry : ledger.forwarded.entrySet()) {
            BitSet all = new BitSet();
            synchronized (entry.getValue()) {
                all.or(entry.getValue());
            }
            BitSet late = ledger.afterClose.get(entry.getKey());
            if (late != null) {
                synchronized (late) {
                    all.or(late);
                }
            }
            total += all.cardinality();
        }
        return total;
    }

    /** The fault in whose slot a moment (epoch µs) falls, or null before the first. */
    private Fault faultAt(long micros) {
        Fault found = null;
        for (Fault fault : faults) {
            if (fault.start <= micros) {
                found = fault;
            }
        }
        return found;
    }

    private void report(SyntheticFeed trades, Ledger ledger, Subscriber subscriber, List<String> symbols, LoopbackProxy tap,
            UpstreamConsumer feed, double elapsed, double cpu) {
        closeCounters();
        // kind -> [lost at exchange, lost in DataStream, dup same seq, dup new seq, arrived after DataStream's close]
        Map<String, long[]> byKind = new LinkedHashMap<>();
        byKind.put("(no fault)", new long[5]);
        kinds.forEach(k -> byKind.put(k, new long[5]));
        long sent = 0;
        long lostExchange = 0;
        long lostService = 0;
        long lostAbandoned = 0;
        long phantom = 0;
        long outOfOrder = 0;
        long seqGaps = 0;
        long seqMissing = 0;
        for (String symbol : symbols) {
            long n = trades.sent(symbol);
            sent += n;
            SymbolLog log = subscriber.logs.getOrDefault(symbol, new SymbolLog());
            log.grow(n + 1);
            outOfOrder += log.outOfOrder;
            seqGaps += log.seqGaps;
            seqMissing += log.seqMissing;
            // a lost trade is put down to the last fault before the next trade of its symbol that did arrive (the
            // previous one may have been generated long before, when a backlog was in flight)
            long nextTs = Long.MAX_VALUE;
            for (int id = (int) n; id >= 1; id--) {
                boolean received = log.seq[id] != 0;
                boolean delivered = Ledger.has(ledger.forwarded, symbol, id);
                if (received) {
                    nextTs = log.ts[id];
                    if (!delivered && !Ledger.has(ledger.afterClose, symbol, id)) {
                        phantom++;
                    }
                    continue;
                }
                Fault fault = faultAt(nextTs);
                long[] tally = byKind.get(fault == null ? "(no fault)" : fault.kind);
                if (delivered) {
                    lostService++;
                    tally[1]++;
                } else if (Ledger.has(ledger.afterClose, symbol, id)) {
                    lostAbandoned++;
                    tally[4]++;
                } else {
                    lostExchange++;
                    tally[0]++;
                }
            }
        }
        for (long[] duplicate : subscriber.duplicateTimes) {
            Fault fault = faultAt(duplicate[0]);
            byKind.get(fault == null ? "(no fault)" : fault.kind)[duplicate[1] == 1 ? 2 : 3]++;
        }
        long received = subscriber.received.get();
        long[] latencies = Arrays.copyOf(subscriber.latencies, Math.min(subscriber.latencyCount, subscriber.latencies.length));
        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "  trades generated %,d in %.0f s (%,.0f/s); the exchange delivered %,d distinct to DataStream"
                + " (tap; %d frames compressed, unreadable); subscriber received %,d messages%n", sent, elapsed, sent / elapsed,
                distinct(ledger),
                tap.compressedFrames(), received);
        System.out.printf(Locale.ROOT, "  LOST: %,d at the exchange side (sent while DataStream had no subscribed connection), %,d on a"
                + " connection after DataStream had closed it, %,d inside DataStream (delivered on a connection in use, never at"
                + " the subscriber)%s%n", lostExchange, lostAbandoned, lostService,
                phantom > 0 ? "; " + phantom + " received that the tap never saw (!)" : "");
        long sameSeq = byKind.values().stream().mapToLong(t -> t[2]).sum();
        long newSeq = byKind.values().stream().mapToLong(t -> t[3]).sum();
        System.out.printf(Locale.ROOT, "  DUPLICATES by trade id: %,d with the same seq (at-least-once redelivery; the Java client drops"
                + " them), %,d under a new seq (published twice)%n", sameSeq, newSeq);
        System.out.printf(Locale.ROOT, "  out of order %d; seq gaps at the subscriber %d (%d seq numbers missing)%n", outOfOrder,
                seqGaps, seqMissing);
        System.out.println("  added latency (recvTs -> subscriber), every trade incl. those held during faults: "
                + BenchSupport.percentiles(latencies));
        System.out.printf(Locale.ROOT, "  JVM CPU %.2f cores of 2; feed reconnects %d, rotations %d; simulator back-pressure pauses %d;"
                + " longest silence before the first fault %.1f ms%n", cpu / elapsed, feed.reconnects(), feed.rotations(),
                trades.pauses(), subscriber.maxSilenceNoFault / 1000.0);
        if (!faults.isEmpty()) {
            System.out.println("  per fault: kind | recovery ms (from the fault) | longest silence at the subscriber ms |"
                    + " reconnects | rotations | note");
            for (Fault fault : faults) {
                String recovery = fault.recovered == 0 ? "not recovered" : String.format(Locale.ROOT, "%.0f", (fault.recovered - fault.start) / 1000.0);
                if (fault.kind.equals("redis") && fault.recovered != 0) {
                    recovery += String.format(Locale.ROOT, " (%.0f after the link returned)", (fault.recovered - fault.end) / 1000.0);
                }
                System.out.printf(Locale.ROOT, "    %-9s | %s | %.0f | %d | %d | %s%n", fault.kind, recovery,
                        fault.maxSilence / 1000.0, fault.reconnects, fault.rotations, fault.note);
            }
            System.out.println("  per kind: lost at exchange side | arrived after DataStream closed the connection |"
                    + " lost inside DataStream | duplicates same seq | duplicates new seq");
            byKind.forEach((kind, tally) -> System.out.printf(Locale.ROOT, "    %-10s | %,d | %,d | %,d | %,d | %,d%n", kind,
                    tally[0], tally[4], tally[1], tally[2], tally[3]));
        }
        Map<String, Long> states = new LinkedHashMap<>();
        subscriber.statuses.forEach(s -> states.merge(s.replaceAll("[0-9]+", "N"), 1L, Long::sum));
        System.out.println("  status messages (per symbol): " + states);
    }
}
