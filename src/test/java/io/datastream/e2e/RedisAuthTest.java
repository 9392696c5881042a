package io.datastream.e2e;

import java.io.IOException;
import java.util.List;
import java.util.Properties;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.datastream.client.DataStreamClient;
import io.datastream.client.DataStreamException;
import io.datastream.client.Link;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.SyntheticOptions;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Redis AUTH through the URL ({@code redis://:password@host:port}) on a Redis that requires a password: the service
 * publishes and the client library receives with it; a wrong password is said plainly by both, not left to look like
 * an outage.
 */
class RedisAuthTest extends ControlTestSupport {

    private static final String PASSWORD = "s3cretPw";
    private static final String TRADES = "binance:spot:aaausdt:trade";

    private LogCapture log;

    @Override
    protected EmbeddedRedis startRedis(int port) throws IOException {
        return EmbeddedRedis.start(port, PASSWORD);
    }

    @Override
    protected void configureControl(Properties properties) {
        if (testName.contains("wrong_password")) {
            properties.put("datastream.redis.url", wrongPasswordUrl());
        }
        log = LogCapture.of("io.datastream.ops");
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void should_publish_and_deliver_to_the_client_with_the_password_in_the_url() {
        assertThat(redis.url()).isEqualTo("redis://:" + PASSWORD + "@127.0.0.1:" + redis.port());
        // the server really requires it
        RedisClient anonymous = RedisClient.create("redis://127.0.0.1:" + redis.port());
        try {
            assertThatThrownBy(() -> anonymous.connect().sync().publish(TRADES, "{}")).hasStackTraceContaining("NOAUTH");
        } finally {
            anonymous.shutdown();
        }

        RecordingListener listener = new RecordingListener();
        DataStreamClient client = client(listener); // redis.url(): with the password
        assertThat(client.subscribe(TRADES).join().allOk()).isTrue();
        simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(200).build());

        await().atMost(15, SECONDS).until(() -> listener.count(TRADES) >= 20);
        List<Long> seqs = listener.messages.stream().filter(m -> m.channel().equals(TRADES)).map(m -> m.seq()).toList();
        assertThat(seqs.subList(0, 20)).as("in order, none lost").isEqualTo(
                java.util.stream.LongStream.rangeClosed(seqs.get(0), seqs.get(0) + 19).boxed().toList());
        assertThat(listener.failures).isEmpty();
        assertThat(listener.disconnects).doesNotContain(Link.REDIS);
        // the service's pipeline (PUBLISH and the last-value SET) authenticated too: a plain subscriber with the same
        // URL saw the trades, and the always-on symbols' "live" status (announced at connect) is kept
        assertThat(subscriber.count(r -> r.channel().equals(TRADES))).isGreaterThanOrEqualTo(20);
        try (var commands = redisCommands()) {
            assertThat(commands.sync().get("datastream:last:binance:spot:btcusdt:status")).contains("\"live\"");
        }
        // the dead letters go through camel-spring-redis (its own connection factory, from the same URL)
        simulator.sendRaw("this is not json");
        try (var commands = redisCommands()) {
            // the first dead letter also starts the spring-redis endpoint and the Jedis pool: slow on a busy machine
            await().atMost(30, SECONDS).until(() -> commands.sync().llen("datastream:deadletter") == 1);
        }
        assertThat(logged()).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void should_say_plainly_that_redis_refused_a_wrong_password_of_the_service_and_of_the_client() {
        // the service: an ERROR naming the refusal, not a "not reachable yet" warning
        await().atMost(15, SECONDS).until(() -> logged().stream().anyMatch(e -> e.getLevel() == Level.ERROR
                && e.getFormattedMessage().contains("refused the credentials of datastream.redis.url")));
        ILoggingEvent refused = logged().stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
        assertThat(refused.getFormattedMessage()).contains("WRONGPASS").contains("127.0.0.1:" + redis.port())
                .doesNotContain("wrongPw"); // the password itself is not logged
        assertThat(logged()).noneMatch(e -> e.getFormattedMessage().contains("not reachable yet"));

        // the client: onFailure says Redis refused the URL's credentials; the control link works, so channels subscribe
        RecordingListener listener = new RecordingListener();
        try (DataStreamClient client = clientBuilder(listener).redis(wrongPasswordUrl()).build()) {
            client.connect();
            assertThat(client.subscribe(TRADES).join().allOk()).isTrue();
            await().atMost(10, SECONDS).until(() -> !listener.failures.isEmpty());
            assertThat(listener.failures.get(0)).isInstanceOf(DataStreamException.class)
                    .hasMessageContaining("refused the credentials").hasMessageContaining("WRONGPASS");
            assertThat(listener.disconnects).contains(Link.REDIS);

            // nothing reaches Redis: the service keeps the events in its buffer
            simulator.generateTrades(SyntheticOptions.builder().symbols("aaausdt").ratePerSecond(200).build());
            await().atMost(15, SECONDS).until(() -> meters().get("datastream.publish.buffer.depth").gauge().value() > 20);
            assertThat(subscriber.count(r -> r.channel().equals(TRADES))).isZero();
            assertThat(listener.count(TRADES)).isZero();
            assertThat(listener.failures).as("reported once, not at every retry").hasSize(1);
        }
    }

    private String wrongPasswordUrl() {
        return "redis://:wrongPw@127.0.0.1:" + redis.port();
    }

    private List<ILoggingEvent> logged() {
        return log.events();
    }
}
