package io.datastream.e2e;

import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.EventJson;
import io.datastream.publish.DeadLetters;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bad frames are dead-lettered (log, metric, capped Redis list) and the feed goes on with the next good frame. */
class BadInputTest extends DataStreamTestSupport {

    private static final String GOOD_TRADE = """
            {"stream":"btcusdt@trade","data":{"e":"trade","E":1700000000123,"s":"BTCUSDT","t":42,"p":"37000.10","q":"0.00100000","T":1700000000120,"m":true,"M":true}}""";

    private static final int CAP = 3;
    private static final int LOGGED_CHARS = 512;
    private static final Pattern LOG_PREFIX = Pattern.compile(
            "^Dead letter \\[binance/spot route=binance-spot connection=(\\S+)\\] ([a-z_]+): ");

    @Override
    protected void configure(Properties properties) {
        // frames between this limit and twice it are dead-lettered as oversized; larger ones are refused by the socket
        properties.put("datastream.upstream.max-frame-bytes", "600000");
        if (testName.equals("should_cap_the_dead_letter_list_to_the_newest_and_log_each_bad_frame_once")) {
            properties.put("datastream.deadletter.max-length", String.valueOf(CAP));
        }
    }

    @Test
    void should_dead_letter_bad_frames_and_keep_streaming() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        List<String> badFrames = List.of(
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":17000",      // truncated JSON
                "this is not json",                                                         // not JSON at all
                GOOD_TRADE.replace("\"p\":\"37000.10\"", "\"p\":37000.10"),                 // number where a decimal string belongs
                "{\"stream\":\"btcusdt@foo\",\"data\":{\"e\":\"foo\",\"E\":1700000000123}}", // unknown event
                "{\"stream\":\"btcusdt@trade\",\"data\":\"" + "x".repeat(1_000_000) + "\"}"); // 1 MB
        badFrames.forEach(simulator::sendRaw);
        simulator.sendRaw(GOOD_TRADE);

        await().atMost(10, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());
        JsonNode trade = subscriber.ofType("trade").get(0).node();
        assertThat(trade.get("tradeId").asText()).isEqualTo("42");
        assertThat(trade.get("price").asText()).isEqualTo("37000.10");
        assertThat(trade.get("side").asText()).isEqualTo("sell");

        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            await().atMost(10, SECONDS).until(() -> redis.sync().llen("datastream:deadletter") == 5);
            List<JsonNode> letters = redis.sync().lrange("datastream:deadletter", 0, -1).stream().map(EventJson::read).toList();
            assertThat(letters).extracting(l -> l.get("reason").asText())
                    .containsExactlyInAnyOrder("malformed_json", "malformed_json", "invalid_field", "unknown_event", "oversized");
            assertThat(letters).allSatisfy(l -> {
                assertThat(l.get("exchange").asText()).isEqualTo("binance");
                assertThat(l.get("route").asText()).isEqualTo("binance-spot");
                assertThat(l.get("frame").asText().length()).isLessThanOrEqualTo(4097);
            });
            assertThat(letters).anySatisfy(l -> assertThat(l.get("frameLength").asInt()).isGreaterThan(1_000_000));
        }
        assertThat(meters().get("datastream.deadletters").tag("reason", "malformed_json").counter().count()).isEqualTo(2.0);
        assertThat(meters().get("datastream.deadletters").tag("reason", "oversized").counter().count()).isEqualTo(1.0);
        // the connection was never dropped for any of it
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }

    @Test
    void should_cap_the_dead_letter_list_to_the_newest_and_log_each_bad_frame_once() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        List<String> badFrames = List.of(
                "not json n=1",
                "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":17000 n=2",
                "{\"stream\":\"btcusdt@foo\",\"data\":{\"e\":\"foo\",\"E\":1700000000123,\"n\":3}}",
                GOOD_TRADE.replace("\"p\":\"37000.10\"", "\"p\":37000.10").replace("\"t\":42", "\"t\":4"),
                "not json n=5 " + "y".repeat(2000), // longer than the 512 chars the log shows
                "{\"stream\":\"btcusdt@bar\",\"data\":{\"e\":\"bar\",\"n\":6}}",
                "not json n=7");
        List<String> reasons = List.of("malformed_json", "malformed_json", "unknown_event", "invalid_field",
                "malformed_json", "unknown_event", "malformed_json");
        Logger logger = (Logger) LoggerFactory.getLogger(DeadLetters.class);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            badFrames.forEach(simulator::sendRaw);
            simulator.sendRaw(GOOD_TRADE);
            await().atMost(10, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());

            try (StatefulRedisConnection<String, String> redis = redisCommands()) {
                // each bad frame is RPUSHed then the list LTRIMmed to the newest CAP
                await().atMost(10, SECONDS).untilAsserted(() -> assertThat(redis.sync().lrange(DeadLetters.REDIS_KEY, 0, -1))
                        .extracting(l -> EventJson.read(l).get("frame").asText())
                        .containsExactly(badFrames.get(4), badFrames.get(5), badFrames.get(6)));
                assertThat(redis.sync().llen(DeadLetters.REDIS_KEY)).isEqualTo(CAP);
                List<JsonNode> letters = redis.sync().lrange(DeadLetters.REDIS_KEY, 0, -1).stream().map(EventJson::read).toList();
                assertThat(letters).extracting(l -> l.get("reason").asText())
                        .containsExactly("malformed_json", "unknown_event", "malformed_json");
                assertThat(letters).allSatisfy(l -> {
                    assertThat(l.get("exchange").asText()).isEqualTo("binance");
                    assertThat(l.get("route").asText()).isEqualTo("binance-spot");
                    assertThat(l.get("connection").asText()).isEqualTo("1"); // the feed's first and only connection
                });
            }

            // one WARN per bad frame (none for the good one): exchange/venue, route, connection, reason, frame length
            // and the frame's first 512 chars
            await().atMost(10, SECONDS).until(() -> log.list.size() >= badFrames.size());
            List<ILoggingEvent> events = List.copyOf(log.list);
            assertThat(events).hasSize(badFrames.size());
            assertThat(events).allSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.WARN));
            for (int i = 0; i < badFrames.size(); i++) {
                String frame = badFrames.get(i);
                String shown = frame.length() <= LOGGED_CHARS ? frame : frame.substring(0, LOGGED_CHARS) + "…";
                String suffix = "; frame (" + frame.length() + " chars): " + shown;
                List<ILoggingEvent> forFrame = events.stream().filter(e -> e.getFormattedMessage().endsWith(suffix)).toList();
                assertThat(forFrame).as("log lines for bad frame %d", i + 1).hasSize(1);
                Matcher prefix = LOG_PREFIX.matcher(forFrame.get(0).getFormattedMessage());
                assertThat(prefix.find()).as("log line %s", forFrame.get(0).getFormattedMessage()).isTrue();
                assertThat(prefix.group(1)).isEqualTo("1");
                assertThat(prefix.group(2)).isEqualTo(reasons.get(i));
            }
        } finally {
            logger.detachAppender(log);
        }
        double counted = meters().get("datastream.deadletters").tag("exchange", "binance").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(counted).isEqualTo(badFrames.size());
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }
}
