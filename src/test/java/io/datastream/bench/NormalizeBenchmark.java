package io.datastream.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.datastream.model.EventJson;
import io.datastream.model.MarketEvent;
import io.datastream.normalize.BinanceNormalizer;
import io.datastream.normalize.FrameContext;
import io.datastream.normalize.KrakenNormalizer;
import io.datastream.normalize.Normalizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/** JMH: normalization + serialization throughput per market and type, one thread (frames/s per core). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class NormalizeBenchmark {

    @Param({"binance/spot/trade", "binance/spot/aggTrade", "binance/spot/bookTicker", "binance/spot/depth",
            "binance/spot/kline", "binance/spot/ticker",
            "binance/usdm/aggTrade", "binance/usdm/bookTicker", "binance/usdm/depth", "binance/usdm/markPrice",
            "binance/usdm/kline", "binance/usdm/liquidation", "binance/coinm/depth", "binance/coinm/liquidation",
            "kraken/spot/trade", "kraken/spot/ticker", "kraken/spot/book", "kraken/spot/ohlc",
            "kraken/futures/trade", "kraken/futures/book", "kraken/futures/ticker", "kraken/futures/ticker_lite"})
    public String frameKey;

    private Normalizer normalizer;
    private FrameContext context;
    private String frame;

    @Setup
    public void setUp() {
        String[] key = frameKey.split("/");
        normalizer = Map.<String, Normalizer>of("binance", new BinanceNormalizer(), "kraken", new KrakenNormalizer()).get(key[0]);
        context = new FrameContext(key[0], key[1], 1_700_000_000_000_000L);
        frame = NormalizeFrames.FRAMES.get(frameKey);
    }

    @Benchmark
    public void normalizeAndSerialize(Blackhole out) {
        for (MarketEvent event : normalizer.normalize(frame, context)) {
            out.consume(EventJson.write(event, 1, 0));
        }
    }
}
