package io.datastream.e2e;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.function.IntFunction;

import io.datastream.App;
import io.datastream.exchange.UpstreamConsumer;
import io.datastream.exchange.Upstreams;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.testing.TestPorts;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.Recording;
import io.datastream.sim.ReplayOptions;
import io.datastream.sim.SimulatorOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Boots the real service (App, application.properties, routes/*.yaml) against a real Redis server and the in-project
 * exchange simulator, both started fresh for every test on free ports. Subclasses add properties with {@link #configure}.
 */
abstract class DataStreamTestSupport {

    protected EmbeddedRedis redis;
    protected ExchangeSimulator simulator;
    protected RedisSubscriber subscriber;
    private RedisClient commands;
    protected Main main;
    protected CamelContext context;

    /** The running test method's name, for tests whose set-up depends on it. */
    protected String testName;

    @BeforeEach
    void startService(TestInfo info) throws Exception {
        testName = info.getTestMethod().map(java.lang.reflect.Method::getName).orElse("");
        redis = startRedis(TestPorts.free());
        simulator = ExchangeSimulator.start(simulatorOptions().build());
        // subscribed before the service starts: the first events are published as soon as the feed connects
        subscriber = new RedisSubscriber(redis.url(), "binance:*", "kraken:*", "testex:*");
        Properties properties = serviceProperties(redis.url(), simulator, feeds());
        configure(properties);
        beforeServiceStart();
        main = startMain(properties);
        context = main.getCamelContext();
    }

    /**
     * The service's settings in a test: every venue on the simulator (no test reaches the internet), only the feed
     * routes named started, free management and control ports.
     */
    static Properties serviceProperties(String redisUrl, ExchangeSimulator simulator, Collection<String> feeds) {
        Properties properties = new Properties();
        properties.put("datastream.redis.url", redisUrl);
        properties.put("datastream.binance.spot.ws-url", simulator.wsUrl());
        properties.put("datastream.binance.usdm.ws-url", simulator.wsUrl());
        properties.put("datastream.binance.coinm.ws-url", simulator.wsUrl());
        properties.put("datastream.kraken.spot.ws-url", simulator.wsUrl() + "/kraken/v2");
        properties.put("datastream.kraken.futures.ws-url", simulator.wsUrl() + "/kraken-futures/ws/v1");
        properties.put("camel.main.route-filter-exclude-pattern", String.join(",", FEEDS.stream().filter(f -> !feeds.contains(f)).toList()));
        properties.put("camel.management.port", String.valueOf(TestPorts.free()));
        properties.put("datastream.control.port", String.valueOf(TestPorts.free()));
        return properties;
    }

    /** Starts the service as {@code java -jar} would, application.properties overridden by {@code properties}. */
    static Main startMain(Properties properties) throws Exception {
        Main main = App.newMain();
        main.setPropertyPlaceholderLocations("file:application.properties");
        main.setOverrideProperties(properties);
        main.start();
        return main;
    }

    @AfterEach
    void stopService() throws IOException {
        if (main != null) {
            main.stop();
        }
        subscriber.close();
        if (commands != null) {
            commands.shutdown();
        }
        simulator.close();
        redis.close();
    }

    /** The Redis server of the test; its {@code url()} is what the service and the test subscriber use. */
    protected EmbeddedRedis startRedis(int port) throws IOException {
        return EmbeddedRedis.start(port);
    }

    /** Runs after the simulator and Redis are up, before the service starts. */
    protected void beforeServiceStart() {
    }

    /** The exchange feed routes of routes/*.yaml. */
    protected static final List<String> FEEDS = List.of("binance-spot", "binance-usdm-public", "binance-usdm-market",
            "binance-coinm", "kraken-spot", "kraken-futures");

    /** The feed routes this test runs; the others are left out, so the simulator sees only the connections under test. */
    protected List<String> feeds() {
        return List.of("binance-spot");
    }

    /** Test-specific properties. */
    protected void configure(Properties properties) {
    }

    protected SimulatorOptions.Builder simulatorOptions() {
        return SimulatorOptions.builder().port(0);
    }

    protected UpstreamConsumer feed(String routeId) {
        return context.getRegistry().lookupByNameAndType("upstreams", Upstreams.class).all().stream()
                .filter(c -> c.getRouteId().equals(routeId)).findFirst()
                .orElseThrow(() -> new AssertionError("no upstream feed " + routeId));
    }

    /** A looping recording of 200 rounds of frames, 10 ms apart, so data keeps flowing across the reconnect. */
    protected void replayForever(String url, IntFunction<List<String>> round) {
        StringBuilder text = new StringBuilder(url).append(" <-> 1700000000.000000\n");
        List<String> frames = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            frames.addAll(round.apply(i));
        }
        for (int i = 0; i < frames.size(); i++) {
            text.append(String.format("1700000000.%06d: ", i * 10_000L % 1_000_000L).replace("1700000000.", (1_700_000_000L + i / 100) + "."))
                    .append(frames.get(i)).append('\n');
        }
        simulator.replay(Recording.parse(url, new StringReader(text.toString())), ReplayOptions.recorded().looping());
    }

    protected PrometheusMeterRegistry meters() {
        return context.getRegistry().findSingleByType(PrometheusMeterRegistry.class);
    }

    /** A new connection to the test's Redis, for commands; close it after use (its client is shut down after the test). */
    protected StatefulRedisConnection<String, String> redisCommands() {
        if (commands == null) {
            commands = RedisClient.create(redis.url());
        }
        return commands.connect();
    }
}
