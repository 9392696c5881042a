package io.datastream.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.datastream.sim.SyntheticFeed;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Editing a feed's symbols in its route file changes the running streams within 2 s; other streams go on untouched. */
class LiveSymbolEditTest extends DataStreamTestSupport {

    private static final String START_SYMBOLS = "value: \"btcusdt, ethusdt\"";

    @TempDir
    Path routes;
    private LogCapture log;

    @Override
    protected void configure(Properties properties) {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            for (Path file : files.toList()) {
                Files.copy(file, routes.resolve(file.getFileName()));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        properties.put("camel.main.routes-include-pattern", "file:" + routes + "/*.yaml");
        log = LogCapture.of("io.datastream.ops");
    }

    @AfterEach
    void detachLog() {
        log.close();
    }

    @Test
    void should_start_an_added_symbol_and_stop_a_removed_one_without_touching_the_others() throws IOException {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1);
        SyntheticFeed feed = simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt", "ethusdt", "solusdt")
                .ratePerSecond(300).build());
        await().atMost(10, SECONDS).until(() -> trades("btcusdt").size() >= 50 && trades("ethusdt").size() >= 50);

        editSymbols("btcusdt, solusdt");
        long saved = System.nanoTime();
        await().atMost(15, SECONDS).until(() -> !trades("solusdt").isEmpty());
        await().atMost(15, SECONDS).until(() -> !subscribedStreams().contains("ethusdt@trade"));
        System.out.printf("live symbol edit: first solusdt trade %d ms after saving%n",
                Duration.ofNanos(System.nanoTime() - saved).toMillis());
        // ethusdt trades the exchange sent before it took the UNSUBSCRIBE may still be on the way: one connection is
        // FIFO, so they are all in once a btcusdt trade generated after the unsubscribe has arrived
        long btcSentAfterStop = feed.sent("btcusdt");
        await().atMost(10, SECONDS).until(() -> trades("btcusdt").size() >= btcSentAfterStop);
        int ethAfterStop = trades("ethusdt").size();
        int btcBefore = trades("btcusdt").size();
        await().atMost(10, SECONDS).until(() -> trades("btcusdt").size() >= btcBefore + 200);

        assertThat(trades("ethusdt")).as("no ethusdt after its unsubscribe").hasSize(ethAfterStop);
        assertThat(subscribedStreams()).containsExactly("btcusdt@aggtrade", "btcusdt@bookticker", "btcusdt@trade",
                "solusdt@aggtrade", "solusdt@bookticker", "solusdt@trade");
        assertThat(simulator.totalConnectionsAccepted()).as("no reconnect").isEqualTo(1);
        List<Long> btcIds = trades("btcusdt").stream().map(r -> r.node().get("tradeId").asLong()).toList();
        for (int i = 1; i < btcIds.size(); i++) {
            assertThat(btcIds.get(i)).as("btcusdt trade after %d", btcIds.get(i - 1)).isEqualTo(btcIds.get(i - 1) + 1);
        }
    }

    @Test
    void should_reject_an_invalid_edit_and_keep_the_running_symbols() throws IOException {
        await().atMost(10, SECONDS).until(() -> simulator.connectionCount() == 1 && subscribedStreams().size() == 6);
        List<String> before = subscribedStreams();

        editSymbols("btcusdt, BAD/SYMBOL!");
        await().atMost(5, SECONDS).until(() -> errors().anyMatch(m -> m.contains("Rejected") && m.contains("bad-symbol!")));

        write(Files.readString(binanceYaml()).replace("types", "types: [broken"));
        await().atMost(5, SECONDS).until(() -> errors().anyMatch(m -> m.contains("is not valid YAML")));

        editTypes("trade, nonsense");
        await().atMost(5, SECONDS).until(() -> errors().anyMatch(m -> m.contains("Rejected") && m.contains("nonsense")));

        assertThat(subscribedStreams()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(simulator.totalConnectionsAccepted()).isEqualTo(1);
    }

    private String original;

    private Path binanceYaml() {
        return routes.resolve("binance.yaml");
    }

    private void editSymbols(String symbols) throws IOException {
        String yaml = Files.readString(binanceYaml());
        original = original == null ? yaml : original;
        assertThat(yaml).contains(START_SYMBOLS);
        write(yaml.replace(START_SYMBOLS, "value: \"" + symbols + "\""));
    }

    private void editTypes(String types) throws IOException {
        write(original.replace("value: \"trade, aggTrade, bookTicker\"", "value: \"" + types + "\""));
    }

    private void write(String yaml) throws IOException {
        original = original == null ? Files.readString(binanceYaml()) : original;
        Files.writeString(binanceYaml(), yaml);
    }

    private Stream<String> errors() {
        return log.events().stream().filter(e -> e.getLevel() == ch.qos.logback.classic.Level.ERROR)
                .map(ILoggingEvent::getFormattedMessage);
    }

    private List<String> subscribedStreams() {
        return simulator.connections().get(0).subscribedStreams().stream().sorted().toList();
    }

    private List<RedisSubscriber.Received> trades(String symbol) {
        return subscriber.matching(r -> r.channel().equals("binance:spot:" + symbol + ":trade"));
    }
}
