package io.datastream.packaging;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.datastream.sim.ExchangeSimulator;
import io.datastream.sim.SimulatorOptions;
import io.datastream.sim.SyntheticOptions;
import io.datastream.testing.TestPorts;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.embedded.RedisServer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code rediss://}: the packaged service publishes over TLS (Lettuce) and writes dead letters over TLS (Jedis, for
 * camel-spring-redis), trusting a private certificate through the JVM's standard {@code javax.net.ssl.trustStore}, as an
 * operator of a managed Redis with its own CA would run it. Redis listens on a TLS port for the service and on a plain
 * port for the test's own subscriber. The certificate is made here with the JDK's keytool: no other tool needed.
 */
class RedisTlsIT extends PackagedServiceSupport {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    Path dir;
    private ExchangeSimulator simulator;
    private PackagedJar service;

    @Test
    void should_publish_and_write_dead_letters_over_tls() throws Exception {
        Path truststore = makeCertificate();
        int plainPort = TestPorts.free();
        int tlsPort = TestPorts.free();
        RedisServer redis = RedisServer.newRedisServer().port(plainPort).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no")
                .setting("tls-port " + tlsPort)
                .setting("tls-cert-file " + dir.resolve("redis.crt"))
                .setting("tls-key-file " + dir.resolve("redis.key"))
                .setting("tls-auth-clients no")
                .build();
        redis.start();
        closeAfterTest(redis::stop);
        simulator = closeAfterTest(ExchangeSimulator.start(SimulatorOptions.builder().port(0).build()));
        simulator.generateTrades(SyntheticOptions.builder().symbols("btcusdt").ratePerSecond(50).build());
        String plainUrl = "redis://127.0.0.1:" + plainPort;
        List<String> received = channelsPublished(plainUrl, "binance:*");

        service = closeAfterTest(startService(truststore, "rediss://localhost:" + tlsPort));

        await().atMost(60, SECONDS).until(() -> received.stream().anyMatch(c -> c.equals("binance:spot:btcusdt:trade")));
        simulator.sendRaw("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"tls-probe\":true}}");
        RedisClient client = RedisClient.create(plainUrl);
        closeAfterTest(client::shutdown);
        RedisCommands<String, String> plain = client.connect().sync();
        await().atMost(30, SECONDS).until(() -> plain.lrange("datastream:deadletter", 0, -1).stream()
                .anyMatch(letter -> letter.contains("tls-probe")));
        assertThat(service.output()).noneMatch(line -> line.contains("not reachable yet"));
    }

    private PackagedJar startService(Path truststore, String redisUrl) throws Exception {
        return PackagedJar.start(dir, List.of(
                "-Djavax.net.ssl.trustStore=" + truststore,
                "-Djavax.net.ssl.trustStorePassword=" + STORE_PASSWORD,
                "-Ddatastream.redis.url=" + redisUrl,
                "-Ddatastream.binance.spot.ws-url=" + simulator.wsUrl(),
                "-Dcamel.management.port=" + TestPorts.free(),
                "-Ddatastream.control.port=" + TestPorts.free()));
    }

    /** A self-signed certificate for localhost: redis.crt and redis.key (PEM) for Redis, and a truststore for the JVM. */
    private Path makeCertificate() throws Exception {
        Path keystore = dir.resolve("redis.p12");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "redis", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-file", dir.resolve("redis.crt").toString());
        keytool("-importcert", "-noprompt", "-alias", "redis", "-file", dir.resolve("redis.crt").toString(),
                "-keystore", truststore.toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("redis", STORE_PASSWORD.toCharArray());
        Files.writeString(dir.resolve("redis.key"), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return truststore;
    }

    private static void keytool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(keytool.getInputStream().readAllBytes());
        assertThat(keytool.waitFor()).as("keytool %s: %s", arguments[0], said).isZero();
    }
}
