package io.datastream.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.datastream.ops.EmbeddedRedis;
import io.datastream.testing.TestPorts;
import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SimulatorOptions;
import io.datastream.sim.SyntheticOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code java -jar target/datastream.jar} started in an empty directory runs the packaged routes and publishes. */
class JarFromAnyDirectoryIT extends PackagedServiceSupport {

    @TempDir
    Path elsewhere;
    private PackagedJar service;

    @Test
    void should_run_the_packaged_routes_from_an_empty_directory_and_publish_from_the_simulator() throws Exception {
        List<String> received = startAndSubscribe(elsewhere, List.of());

        await().atMost(60, SECONDS).until(() -> received.size() >= 10);
        assertThat(service.output()).anyMatch(line -> line.contains("classpath:routes/") || line.contains("live symbol edits are off"));
        assertThat(service.output()).noneMatch(line -> line.contains("duplicate") || line.contains("Duplicate"));
    }

    @Test
    void should_take_routes_and_properties_from_datastream_home() throws Exception {
        Path home = Files.createDirectories(elsewhere.resolve("home"));
        Path routes = Files.createDirectories(home.resolve("routes"));
        for (String file : List.of("upstream.yaml", "publish.yaml", "control.yaml", "binance.yaml")) {
            Files.copy(Path.of("routes", file), routes.resolve(file));
        }
        Files.writeString(routes.resolve("binance.yaml"), Files.readString(routes.resolve("binance.yaml"))
                .replace("\"btcusdt, ethusdt\"", "\"btcusdt, solusdt\""));
        Files.writeString(home.resolve("application.properties"), "camel.main.name = datastream-home\n");
        Path work = Files.createDirectories(elsewhere.resolve("work"));

        List<String> received = startAndSubscribe(work, List.of("-Ddatastream.home=" + home));

        await().atMost(60, SECONDS).until(() -> received.stream().anyMatch(c -> c.startsWith("binance:spot:solusdt:")));
        assertThat(service.output()).anyMatch(line -> line.contains("datastream-home"));
        assertThat(service.output()).anyMatch(line -> line.contains("Watching " + routes));
    }

    private List<String> startAndSubscribe(Path workingDirectory, List<String> jvmOptions) throws Exception {
        EmbeddedRedis redis = closeAfterTest(EmbeddedRedis.start(TestPorts.free()));
        ExchangeSimulator simulator = closeAfterTest(ExchangeSimulator.start(SimulatorOptions.builder().port(0).build()));
        simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt", "solusdt").ratePerSecond(50).build());
        List<String> received = channelsPublished(redis.url(), "binance:*");

        List<String> options = new ArrayList<>(jvmOptions);
        options.addAll(List.of("-Ddatastream.redis.url=" + redis.url(),
                "-Ddatastream.binance.spot.ws-url=" + simulator.wsUrl(),
                "-Dcamel.management.port=" + TestPorts.free(),
                "-Ddatastream.control.port=" + TestPorts.free()));
        service = closeAfterTest(PackagedJar.start(workingDirectory, options));
        return received;
    }
}
