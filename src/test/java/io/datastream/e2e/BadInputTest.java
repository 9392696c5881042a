package io.datastream.e2e;

import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.datastream.model.Channel;
import io.datastream.model.EventJson;
import io.datastream.publish.DeadLetters;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bad frames are dead-lettered (log, metric, capped Redis list) and the feed goes on with the next good frame; frames
 * up to the size limit pass intact, and the connection survives every bad frame, however large.
 */
class BadInputTest extends DataStreamTestSupport {

    private static final String GOOD_TRADE = """
            {"stream":"btcusdt@trade","data":{"e":"trade","E":1700000000123,"s":"BTCUSDT","t":42,"p":"37000.10","q":"0.00100000","T":1700000000120,"m":true,"M":true}}""";

    private static final int CAP = 3;
    private static final int LOGGED_CHARS = 512;
    private static final Pattern LOG_PREFIX = Pattern.compile(
            "^Dead letter \\[binance/spot route=binance-spot connection=(\\S+)\\] ([a-z_]+): ");
    private static final int SMALL_FRAME_LIMIT = 600_000;
    private static final int DEFAULT_FRAME_LIMIT = 4 * 1024 * 1024; // application.properties
    private static final String DEPTH_CHANNEL = "binance:spot:btcusdt:depth";

    /** The dead-letter log lines of the test. */
    private LogCapture log;

    @Override
    protected void configure(Properties properties) {
        if (!testName.contains("default_frame_limit")) {
            // frames between this limit and twice it are dead-lettered as oversized; larger ones are dropped by the
            // socket; small enough that a test's frames need not be megabytes
            properties.put("datastream.upstream.max-frame-bytes", String.valueOf(SMALL_FRAME_LIMIT));
        }
        if (testName.equals("should_cap_the_dead_letter_list_to_the_newest_and_log_each_bad_frame_once")) {
            properties.put("datastream.deadletter.max-length", String.valueOf(CAP));
        }
    }

    @BeforeEach
    void captureDeadLetterLog() {
        log = LogCapture.of(DeadLetters.class);
    }

    @AfterEach
    void releaseDeadLetterLog() {
        log.close();
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

        assertLoggedOnceEach(badFrames, reasons);
        double counted = meters().get("datastream.deadletters").tag("exchange", "binance").counters().stream()
                .mapToDouble(c -> c.count()).sum();
        assertThat(counted).isEqualTo(badFrames.size());
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }

    @Test
    void should_dead_letter_empty_and_blank_frames_once_each_and_keep_streaming() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        List<String> blankFrames = List.of("", " \t\r\n ");
        blankFrames.forEach(simulator::sendRaw);
        simulator.sendRaw(GOOD_TRADE);

        await().atMost(10, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());
        assertThat(subscriber.ofType("trade").get(0).node().get("tradeId").asText()).isEqualTo("42");
        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            await().atMost(10, SECONDS).until(() -> redis.sync().llen(DeadLetters.REDIS_KEY) == blankFrames.size());
            List<JsonNode> letters = redis.sync().lrange(DeadLetters.REDIS_KEY, 0, -1).stream().map(EventJson::read).toList();
            assertThat(letters).extracting(l -> l.get("reason").asText()).containsExactly("empty_frame", "empty_frame");
            assertThat(letters).extracting(l -> l.get("frame").asText()).containsExactlyElementsOf(blankFrames);
            assertThat(letters).extracting(l -> l.get("frameLength").asInt()).containsExactly(0, 5);
            assertThat(letters).allSatisfy(l -> assertThat(l.get("route").asText()).isEqualTo("binance-spot"));
        }
        assertLoggedOnceEach(blankFrames, List.of("empty_frame", "empty_frame"));
        assertThat(meters().get("datastream.deadletters").tag("reason", "empty_frame").counter().count()).isEqualTo(2.0);
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }

    @Test
    void should_pass_a_2_mib_frame_intact_and_dead_letter_one_over_4_mib_under_the_default_frame_limit() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        feed("binance-spot").subscribe(List.of(Channel.parse(DEPTH_CHANNEL)));
        await().atMost(10, SECONDS).until(() -> simulator.subscribedStreams().contains("btcusdt@depth@100ms"));

        String large = depthFrame(1, 41_000);
        assertThat(large.length()).isBetween(2 * 1024 * 1024, DEFAULT_FRAME_LIMIT);
        simulator.sendRaw(large);
        await().atMost(30, SECONDS).until(() -> !subscriber.matching(r -> r.channel().equals(DEPTH_CHANNEL)).isEmpty());
        JsonNode published = subscriber.matching(r -> r.channel().equals(DEPTH_CHANNEL)).get(0).node();
        JsonNode sent = EventJson.read(large).get("data");
        assertThat(published.get("bids")).isEqualTo(sent.get("b"));
        assertThat(published.get("asks")).isEqualTo(sent.get("a"));
        assertThat(published.get("lastUpdateId").asLong()).isEqualTo(sent.get("u").asLong());

        // over the limit, under twice it: dead-lettered with its context, the connection stays
        String oversized = depthFrame(2, 81_000);
        assertThat(oversized.length()).isBetween(DEFAULT_FRAME_LIMIT + 1, DEFAULT_FRAME_LIMIT + 100_000);
        simulator.sendRaw(oversized);
        simulator.sendRaw(GOOD_TRADE);
        await().atMost(30, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());
        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            await().atMost(10, SECONDS).until(() -> redis.sync().llen(DeadLetters.REDIS_KEY) == 1);
            JsonNode letter = EventJson.read(redis.sync().lindex(DeadLetters.REDIS_KEY, 0));
            assertThat(letter.get("reason").asText()).isEqualTo("oversized");
            assertThat(letter.get("frameLength").asInt()).isEqualTo(oversized.length());
        }
        assertThat(subscriber.matching(r -> r.channel().equals(DEPTH_CHANNEL))).hasSize(1);
        assertThat(meters().get("datastream.deadletters").tag("reason", "oversized").counter().count()).isEqualTo(1.0);
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
        assertThat(feed("binance-spot").reconnects()).isZero();
    }

    @Test
    void should_dead_letter_a_frame_over_twice_the_limit_that_the_client_drops_and_keep_the_connection() {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        String tooLarge = GOOD_TRADE.replace("\"M\":true", "\"M\":true,\"pad\":\"" + "x".repeat(3 * SMALL_FRAME_LIMIT) + "\"")
                .replace("\"t\":42", "\"t\":43");
        simulator.sendRaw(tooLarge);
        simulator.sendRaw(GOOD_TRADE);

        // the WebSocket client refuses a message over twice the limit (vert.x max message size): it drops it and
        // reads on; the service makes that a dead letter (its text is gone: reason and context only), the connection
        // stays and the next frame streams
        await().atMost(10, SECONDS).until(() -> !subscriber.ofType("trade").isEmpty());
        assertThat(subscriber.ofType("trade")).extracting(r -> r.node().get("tradeId").asText()).containsExactly("42");
        await().atMost(10, SECONDS).until(() -> meters().find("datastream.deadletters").tag("reason", "oversized")
                .counter() != null);
        assertThat(meters().get("datastream.deadletters").tag("reason", "oversized").counter().count()).isEqualTo(1.0);
        try (StatefulRedisConnection<String, String> redis = redisCommands()) {
            await().atMost(10, SECONDS).until(() -> !redis.sync().lrange(DeadLetters.REDIS_KEY, 0, -1).isEmpty());
            assertThat(redis.sync().lrange(DeadLetters.REDIS_KEY, 0, -1)).singleElement().asString()
                    .contains("\"reason\":\"oversized\"").contains("dropped a message over twice");
        }
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
        assertThat(feed("binance-spot").reconnects()).isZero();
    }

    /** One WARN per bad frame: exchange/venue, route, connection 1, reason, frame length and its first 512 chars. */
    private void assertLoggedOnceEach(List<String> badFrames, List<String> reasons) {
        await().atMost(10, SECONDS).until(() -> log.events().size() >= badFrames.size());
        List<ILoggingEvent> events = log.events();
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
    }

    /** A Binance spot depth diff (combined stream) with {@code levelsPerSide} bids and asks, 52 chars per pair of levels. */
    private static String depthFrame(long updateId, int levelsPerSide) {
        StringBuilder bids = new StringBuilder();
        StringBuilder asks = new StringBuilder();
        for (int i = 0; i < levelsPerSide; i++) {
            String qty = "0." + String.format("%08d", 12_345_678 + i);
            bids.append(i == 0 ? "" : ",").append("[\"").append(cents(5_000_000 - i)).append("\",\"").append(qty).append("\"]");
            asks.append(i == 0 ? "" : ",").append("[\"").append(cents(5_000_001 + i)).append("\",\"").append(qty).append("\"]");
        }
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1700000000123,\"s\":\"BTCUSDT\","
                + "\"U\":" + updateId + ",\"u\":" + updateId + ",\"b\":[" + bids + "],\"a\":[" + asks + "]}}";
    }

    private static String cents(long cents) {
        return cents / 100 + "." + String.format("%02d", cents % 100);
    }
}
