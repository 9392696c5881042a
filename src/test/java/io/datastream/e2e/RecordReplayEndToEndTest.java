package io.datastream.e2e;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datastream.sim.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** A session recorded with datastream.record.dir replays through the same routes to the same Redis output. */
class RecordReplayEndToEndTest extends DataStreamTestSupport {

    private static final Path ORIGINAL = Path.of("src", "main", "resources", "recordings", "BINANCE.ws.1.0");

    private Path recordDir;
    private Path replayFile = ORIGINAL;

    @Override
    protected void configure(Properties properties) {
        properties.put("datastream.replay.files", replayFile.toString());
        properties.put("datastream.replay.pace", "fast");
        if (replayFile == ORIGINAL) {
            try {
                recordDir = Files.createTempDirectory("datastream-record");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            properties.put("datastream.record.dir", recordDir.toString());
        }
    }

    @Test
    void should_replay_a_recorded_session_to_the_same_redis_output(TestInfo info) throws Exception {
        List<String> first = publishedData();
        stopService();

        try (Stream<Path> files = Files.list(recordDir)) {
            replayFile = files.filter(f -> f.getFileName().toString().startsWith("binance-spot.")).findFirst().orElseThrow();
        }
        Recording recorded = Recording.parse(replayFile);
        assertThat(recorded.url()).endsWith("/stream#binance/spot");
        // SUBSCRIBE on connect, UNSUBSCRIBE at shutdown; replay subscribes what the SUBSCRIBE lines name
        assertThat(recorded.sentMessages()).hasSize(2);
        assertThat(recorded.sentMessages().get(0)).contains("\"SUBSCRIBE\"", "nknusdt@depth@100ms");
        assertThat(recorded.sentMessages().get(1)).contains("\"UNSUBSCRIBE\"", "nknusdt@depth@100ms");
        assertThat(recorded.frames()).hasSizeGreaterThanOrEqualTo(265);

        startService(info);
        assertThat(publishedData()).containsExactlyElementsOf(first);
    }

    /** The 265 data messages, without the local times that differ per run. */
    private List<String> publishedData() {
        await().atMost(30, SECONDS).until(() -> data().size() >= 265);
        return data().stream().map(r -> {
            ObjectNode node = (ObjectNode) r.node();
            node.remove(List.of("recvTs", "pubTs"));
            if (r.channel().endsWith(":bookTicker")) {
                node.remove("ts"); // spot bookTicker carries no time: ts is the receive time of each run
            }
            return r.channel() + " " + node;
        }).toList();
    }

    private List<RedisSubscriber.Received> data() {
        return subscriber.matching(r -> !r.channel().endsWith(":status"));
    }
}
