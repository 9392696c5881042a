package io.datastream.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SimulatorOptions;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * Time from {@code java -jar target/datastream.jar} (started in an empty directory) to the first message in Redis,
 * with the simulator streaming trades. A measurement, not a test: run after {@code ./mvnw -DskipTests package} with
 * {@code ./mvnw -q -DskipTests test-compile exec:exec -Dbench.main=io.datastream.bench.StartupBenchmark}.
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("bench.runs", 3);
        Path jar = Path.of("target/datastream.jar").toAbsolutePath();
        for (int run = 1; run <= runs; run++) {
            Path log = Path.of("target/startup-run-" + run + ".log").toAbsolutePath();
            System.out.printf("run %d: first message %d ms after launch (service log: %s)%n", run, once(jar, log), log);
        }
    }

    private static long once(Path jar, Path log) throws Exception {
        try (EmbeddedRedis redis = EmbeddedRedis.start(0);
             ExchangeSimulator simulator = ExchangeSimulator.start(SimulatorOptions.builder().port(0).build())) {
            simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt").ratePerSecond(200).build());
            RedisClient client = RedisClient.create(redis.url());
            CountDownLatch first = new CountDownLatch(1);
            StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
            pubsub.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String pattern, String channel, String message) {
                    first.countDown();
                }
            });
            pubsub.sync().psubscribe("binance:*");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Ddatastream.redis.url=" + redis.url(), "-Ddatastream.binance.spot.ws-url=" + simulator.wsUrl(),
                    "-Dcamel.management.port=" + EmbeddedRedis.freePort(),
                    "-Ddatastream.control.port=" + EmbeddedRedis.freePort()));
            // e.g. -Dbench.java-options="-XX:SharedArchiveFile=target/datastream.jsa" to measure a CDS archive
            String javaOptions = System.getProperty("bench.java-options", "").trim();
            if (!javaOptions.isEmpty()) {
                command.addAll(List.of(javaOptions.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            long launched = System.nanoTime();
            Process service = new ProcessBuilder(command).directory(Files.createTempDirectory("startup").toFile())
                    .redirectOutput(log.toFile()).redirectErrorStream(true).start();
            try {
                if (!first.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no message within 60 s");
                }
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - launched);
            } finally {
                service.destroy();
                service.waitFor(30, TimeUnit.SECONDS);
                client.shutdown();
            }
        }
    }
}
