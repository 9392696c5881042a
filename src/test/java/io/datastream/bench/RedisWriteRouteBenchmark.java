package io.datastream.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import io.datastream.model.Channel;
import io.datastream.model.MarketEvent;
import io.datastream.model.Trade;
import io.datastream.publish.DeadLetters;
import io.datastream.publish.Outbound;
import io.datastream.publish.PublishBatch;
import io.datastream.publish.Publisher;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.springframework.data.redis.connection.jedis.JedisConnectionFactory;
import org.springframework.data.redis.serializer.StringRedisSerializer;

/**
 * JMH: what the {@code redis-write} route costs per batch on the publisher's writer thread, as shipped ({@code default}:
 * resilience4j circuit breaker, Camel redelivery) and without both ({@code baseline}, the same copy of
 * {@code routes/publish.yaml} as {@link ReliabilityCostBenchmark}'s). The Redis pipeline bean confirms the batch without
 * any I/O, so the difference is the reliability features' own CPU per batch, free of the end-to-end benchmark's noise.
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedisWriteRouteBenchmark {

    @Param({"default", "baseline"})
    public String variant;

    private CamelContext context;
    private ProducerTemplate template;
    private List<Outbound> oneEvent;

    @Setup(Level.Trial)
    public void start() throws Exception {
        Path routes = variant.equals("baseline") ? ReliabilityCostBenchmark.baselineRoutes() : Path.of("routes");
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.put("datastream.redis.host", "localhost");
        properties.put("datastream.redis.port", "6379");
        properties.put("datastream.deadletter.max-length", "1000");
        context.getPropertiesComponent().setInitialProperties(properties);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetters deadLetters = new DeadLetters(meters, 512);
        context.getRegistry().bind("publisher", new Publisher(1000, 512, meters));
        context.getRegistry().bind("redisPipeline", new NoIoPipeline());
        context.getRegistry().bind("deadLetters", deadLetters);
        context.getRegistry().bind("deadLetterExecutor",
                context.getExecutorServiceManager().newSingleThreadExecutor(deadLetters, "DeadLetters"));
        context.getRegistry().bind("redisConnectionFactory", new JedisConnectionFactory()); // never connected here
        context.getRegistry().bind("stringSerializer", new StringRedisSerializer());
        PluginHelper.getRoutesLoader(context).loadRoutes(
                PluginHelper.getResourceLoader(context).resolveResource("file:" + routes.resolve("publish.yaml")));
        context.start();
        template = context.createProducerTemplate();
        Channel channel = Channel.parse("binance:spot:btcusdt:trade");
        oneEvent = List.of(new Outbound(channel.toString(),
                new MarketEvent(channel, "BTCUSDT", 1, 1, new Trade("1", "1", "1", "buy")), 1));
    }

    @TearDown(Level.Trial)
    public void stop() {
        context.stop();
    }

    /** One batch of one event: the shape of a batch at moderate rates, where the per-batch cost weighs most. */
    @Benchmark
    public PublishBatch writeOneEventBatch() {
        PublishBatch batch = new PublishBatch(oneEvent);
        template.sendBody("direct:redis-write", batch);
        return batch;
    }

    /** Stands in for the Redis pipeline bean: the route calls it like the real one, and it does no I/O. */
    public static final class NoIoPipeline {
        public void write(PublishBatch batch) {
            batch.unwritten();
        }
    }
}
