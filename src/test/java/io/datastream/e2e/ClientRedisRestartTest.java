package io.datastream.e2e;

import java.util.Properties;

import io.datastream.client.DataStreamClient;
import io.datastream.client.Link;
import io.datastream.ops.EmbeddedRedis;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Redis restarts under a client: it reconnects by itself, data resumes, and the loss is reported as a gap. */
class ClientRedisRestartTest extends ControlTestSupport {

    @Override
    protected void configureControl(Properties properties) {
        // a small buffer overflows during the outage, so events are certainly lost
        properties.put("datastream.publish.buffer-size", "300");
    }

    @Test
    void should_resume_after_a_redis_restart_and_report_the_gap() throws Exception {
        String channel = "binance:spot:dddusdt:trade";
        simulator.generateTrades(SyntheticOptions.builder().symbols("dddusdt").ratePerSecond(300).build());
        RecordingListener listener = new RecordingListener();
        DataStreamClient client = client(listener);
        assertThat(client.subscribe(channel).join().allOk()).isTrue();
        await().atMost(10, SECONDS).until(() -> listener.count(channel) > 20);
        int gapsBefore = listener.gaps.size(); // a busy machine may lose some already; only new ones count

        int port = redis.port();
        redis.close();
        await().atMost(10, SECONDS).until(() -> listener.disconnects.contains(Link.REDIS));
        await().atMost(10, SECONDS).until(() -> meters().get("datastream.events.dropped").counters().stream()
                .anyMatch(c -> c.count() > 0));
        long before = listener.count(channel);
        redis = EmbeddedRedis.start(port);

        await().atMost(20, SECONDS).until(() -> listener.reconnects.contains(Link.REDIS));
        await().atMost(20, SECONDS).until(() -> listener.count(channel) > before + 50);
        await().atMost(10, SECONDS).until(() -> listener.gaps.stream().skip(gapsBefore)
                .anyMatch(g -> g.channel().equals(channel)));
        RecordingListener.Gap gap = listener.gaps.stream().skip(gapsBefore).filter(g -> g.channel().equals(channel))
                .findFirst().orElseThrow();
        assertThat(gap.got()).isGreaterThan(gap.expected());
        // the service also says so on the symbol's status channel, which the client follows by itself; the announcement
        // can race the client's own Redis reconnect, so the status kept for late joiners counts too
        await().atMost(10, SECONDS).until(() -> listener.statuses.stream()
                .anyMatch(s -> s.channel().equals("binance:spot:dddusdt:status") && "gap".equals(s.node().path("state").asText()))
                || lastStatusIsGap("binance:spot:dddusdt:status"));
    }

    private boolean lastStatusIsGap(String statusChannel) {
        try (var redis = redisCommands()) {
            String last = redis.sync().get("datastream:last:" + statusChannel);
            return last != null && "gap".equals(io.datastream.model.EventJson.read(last).path("state").asText());
        }
    }
}
