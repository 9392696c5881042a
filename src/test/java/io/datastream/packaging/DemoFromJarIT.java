package io.datastream.packaging;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/datastream.jar --demo} in an empty directory, with nothing else running: it starts its own
 * Redis (embedded, on a free port), replays the bundled Binance recording through the routes, prints what arrives in
 * Redis and a count line every 5 s, and on SIGTERM shuts down cleanly, its Redis last.
 */
class DemoFromJarIT {

    private static final Pattern REDIS_LINE = Pattern.compile(
            "Embedded Redis listening on (redis://127\\.0\\.0\\.1:(\\d+)) \\(set datastream\\.redis\\.url to use another server\\)");
    /** DemoConsole: {@code <channel>  <published JSON, cut at 200 chars>}. */
    private static final Pattern MESSAGE_LINE = Pattern.compile("^binance:spot:([a-z0-9]+):([A-Za-z0-9_]+)  (\\{.*)$");
    private static final Pattern COUNT_LINE = Pattern.compile(
            "^--- demo: (\\d+) messages in the last 5 s, (\\d+) in all, on (\\d+) channels \\(redis (\\S+)\\) ---$");

    @TempDir
    Path empty;
    private PackagedJar demo;
    private RedisClient client;
    private Process service;
    private List<String> output = List.of();

    @AfterEach
    void stop() throws Exception {
        Files.write(Path.of("target", "DemoFromJarIT-output.log"), output); // for a failure's diagnosis
        if (client != null) {
            client.shutdown();
        }
        if (demo != null) {
            demo.close();
        }
    }

    @Test
    void should_run_the_demo_on_embedded_redis_print_what_arrives_and_stop_cleanly() throws Exception {
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }
        demo = PackagedJar.start(empty, List.of("-Ddatastream.redis.embedded-port=0", "-Dcamel.management.port=0",
                "-Ddatastream.control.port=0"), "--demo");
        service = demo.process();
        output = demo.output();

        // the embedded Redis: a free port (not 6379), reachable by any client
        Matcher redisLine = await().atMost(120, SECONDS).until(() -> first(REDIS_LINE), m -> m != null);
        String url = redisLine.group(1);
        int port = Integer.parseInt(redisLine.group(2));
        assertThat(port).isPositive().isNotEqualTo(6379);
        List<String> seenByUs = new CopyOnWriteArrayList<>();
        client = RedisClient.create(url);
        StatefulRedisPubSubConnection<String, String> pubsub = client.connectPubSub();
        pubsub.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String pattern, String channel, String message) {
                seenByUs.add(channel);
            }
        });
        pubsub.sync().psubscribe("binance:spot:*");

        // the demo prints the messages it receives from that Redis, and a count line every 5 s
        await().atMost(180, SECONDS).until(() -> counts().stream().filter(c -> c[1] > 0).count() >= 2
                && messageLines().size() >= 5 && !seenByUs.isEmpty());
        assertThat(output).contains(
                "--- demo: replaying recorded Binance frames through the routes; printing what arrives in Redis ---");
        List<Matcher> messages = messageLines();
        assertThat(messages).allSatisfy(m -> {
            String json = m.group(3);
            assertThat(json).startsWith("{\"exchange\":\"binance\",\"market\":\"spot\",\"symbol\":\""
                    + m.group(1).toUpperCase() + "\",\"type\":\"" + m.group(2) + "\",\"ts\":");
            assertThat(json.length()).isLessThanOrEqualTo(201);
        });
        // the bundled recording is nknusdt, blzeth, lrcbtc, runeeur depth/bookTicker/aggTrade/kline_1m
        assertThat(messages).extracting(m -> m.group(2)).containsAnyOf("depth", "bookTicker", "aggTrade", "kline_1m");
        assertThat(seenByUs).allMatch(c -> c.startsWith("binance:spot:"));

        List<long[]> counts = counts();
        List<String> countUrls = output.stream().map(COUNT_LINE::matcher).filter(Matcher::matches).map(m -> m.group(4)).toList();
        assertThat(countUrls).containsOnly(url);
        for (int i = 1; i < counts.size(); i++) {
            // "in all" = the previous "in all" + "in the last 5 s"
            assertThat(counts.get(i)[1]).as("count line %d", i).isEqualTo(counts.get(i - 1)[1] + counts.get(i)[0]);
        }
        long[] last = counts.get(counts.size() - 1);
        assertThat(last[1]).isPositive();
        assertThat(last[2]).isPositive().isLessThanOrEqualTo(last[1]);
        pubsub.close();

        // SIGTERM: Camel stops, the publisher flushes, Redis goes last; nothing complains and nothing is left running
        int before = output.size();
        assertThat(service.toHandle().destroy()).isTrue(); // SIGTERM; Process.destroy() would also close our end of its output
        assertThat(service.waitFor(60, SECONDS)).as("exited within 60 s of SIGTERM").isTrue();
        demo.awaitOutputEnd(Duration.ofSeconds(10));
        assertThat(service.exitValue()).as("exit code: 128 + SIGTERM after the shutdown hooks ran").isEqualTo(143);
        List<String> shutdown = output.subList(before, output.size());
        assertThat(shutdown).anyMatch(l -> l.contains("Apache Camel") && l.contains("(datastream) shutdown in"));
        assertThat(shutdown).as("shutdown output").noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR ")
                || l.contains("Exception"));
        assertThat(output).as("whole output").noneMatch(l -> l.contains(" ERROR "));
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("embedded Redis stopped")
                .isInstanceOf(ConnectException.class);
    }

    private Matcher first(Pattern pattern) {
        return output.stream().map(pattern::matcher).filter(Matcher::find).findFirst().orElse(null);
    }

    private List<Matcher> messageLines() {
        return output.stream().map(MESSAGE_LINE::matcher).filter(Matcher::matches).toList();
    }

    /** Each count line as {last 5 s, in all, channels}. */
    private List<long[]> counts() {
        return output.stream().map(COUNT_LINE::matcher).filter(Matcher::matches)
                .map(m -> new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))})
                .toList();
    }
}
