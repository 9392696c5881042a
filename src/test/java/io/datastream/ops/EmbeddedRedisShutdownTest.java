package io.datastream.ops;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The embedded Redis and JVM shutdown, in a child JVM: the embedded-redis library's own shutdown hook must not stop the
 * server while another hook (DataStream's Camel shutdown, flushing the publisher) still needs it, and must stop it when
 * nothing else does, so no Redis process outlives the JVM.
 */
class EmbeddedRedisShutdownTest {

    @Test
    void should_keep_serving_other_shutdown_hooks_until_closed() throws Exception {
        List<String> out = runChild("hold");

        // the child's own hook pinged Redis 1 s into the JVM's shutdown, then closed it
        assertThat(out).contains("ping during shutdown: +PONG", "closed");
        assertStopped(port(out));
    }

    @Test
    void should_stop_the_server_at_jvm_exit_when_nobody_closes_it() throws Exception {
        List<String> out = runChild("leak");

        assertStopped(port(out));
    }

    private static List<String> runChild(String mode) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, Child.class.getName(), mode).redirectErrorStream(true).start();
        assertThat(child.waitFor(60, SECONDS)).as("child exits").isTrue();
        List<String> out = child.inputReader().lines().toList();
        assertThat(child.exitValue()).as("child output %s", out).isZero();
        return out;
    }

    private static int port(List<String> out) {
        return out.stream().filter(l -> l.startsWith("port ")).map(l -> Integer.parseInt(l.substring(5))).findFirst()
                .orElseThrow(() -> new AssertionError("no port in " + out));
    }

    private static void assertStopped(int port) {
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).as("Redis on %d stopped", port)
                .isInstanceOf(ConnectException.class);
    }

    /** {@code hold}: grace 20 s, a hook that uses Redis then closes it; {@code leak}: grace 1 s, never closed. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            boolean hold = "hold".equals(args[0]);
            EmbeddedRedis redis = EmbeddedRedis.start(0, Duration.ofSeconds(hold ? 20 : 1));
            System.out.println("port " + redis.port());
            if (hold) {
                java.lang.Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        Thread.sleep(1000);
                        System.out.println("ping during shutdown: " + ping(redis.port()));
                        redis.close();
                        System.out.println("closed");
                    } catch (Exception e) {
                        System.out.println("hook failed: " + e);
                    }
                }));
            }
            System.exit(0);
        }

        private static String ping(int port) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                byte[] reply = new byte[7];
                int n = in.readNBytes(reply, 0, 7);
                return new String(reply, 0, n, StandardCharsets.US_ASCII).strip();
            } catch (IOException e) {
                return e.toString();
            }
        }
    }
}
