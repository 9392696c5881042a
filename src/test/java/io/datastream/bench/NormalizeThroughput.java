package io.datastream.bench;

import java.util.List;
import java.util.Map;

import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import io.datastream.normalize.Normalizer;

/**
 * Normalization throughput per market and type on one thread (frames/s per core): parse + normalize + serialize each
 * event, as the data path does. A stand-in until JMH is on the test classpath (see src/jmh/java for the JMH form).
 * Run: {@code java -cp target/classes:target/test-classes:$(cat cp.txt) io.datastream.bench.NormalizeThroughput}.
 */
public final class NormalizeThroughput {

    private static final Map<String, Normalizer> NORMALIZERS = Map.of("binance", new BinanceNormalizer(), "kraken", new KrakenNormalizer());

    private NormalizeThroughput() {
    }

    public static void main(String[] args) {
        long measureNanos = 2_000_000_000L;
        for (Map.Entry<String, String> entry : NormalizeFrames.FRAMES.entrySet()) {
            String[] key = entry.getKey().split("/");
            Normalizer normalizer = NORMALIZERS.get(key[0]);
            FrameContext ctx = new FrameContext(key[0], key[1], 1_700_000_000_000_000L);
            run(normalizer, entry.getValue(), ctx, 1_000_000_000L); // warm-up
            double perSecond = run(normalizer, entry.getValue(), ctx, measureNanos);
            System.out.printf("%-24s %,12.0f frames/s%n", entry.getKey(), perSecond);
        }
    }

    private static double run(Normalizer normalizer, String frame, FrameContext ctx, long nanos) {
        long frames = 0;
        long sink = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 1_000; i++) {
                List<MarketEvent> events = normalizer.normalize(frame, ctx);
                for (MarketEvent event : events) {
                    sink += EventJson.write(event, frames, 0).length();
                }
                frames++;
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the JIT from dropping the work
        }
        return frames * 1e9 / (System.nanoTime() - start);
    }
}
