package io.datastream.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import redis.embedded.Redis;
import redis.embedded.RedisInstance;
import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis server started by DataStream itself (the binary ships in the embedded-redis jar), used when no
 * {@code datastream.redis.url} is configured, so a fresh machine needs nothing installed. Loopback only, no persistence.
 *
 * <p>The embedded-redis library always registers a JVM shutdown hook that stops the server; JVM shutdown hooks run
 * concurrently, so on SIGTERM or Ctrl-C that hook killed Redis while Camel's hook was still stopping the routes and
 * the publisher was flushing its queue, and the last events were lost. Started with a {@code shutdownHookGrace}, the
 * library's hook waits that long for {@link #close()} (called by DataStream's own shutdown after the flush) and stops
 * the server only if close() has not come by then, so the JVM never leaves a Redis process behind.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final OrderedServer server;
    private final int port;
    private final String password;

    private EmbeddedRedis(OrderedServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /** Starts a server on {@code port} (0 = a free port) that the JVM's shutdown stops at once. */
    public static EmbeddedRedis start(int port) throws IOException {
        return start(port, null, Duration.ZERO);
    }

    /**
     * Starts a server on {@code port} (0 = a free port) that requires {@code password} (Redis {@code requirepass},
     * for the default user; null = none). The password goes into {@link #url()} as is: letters and digits only.
     */
    public static EmbeddedRedis start(int port, String password) throws IOException {
        return start(port, password, Duration.ZERO);
    }

    /**
     * Starts a server on {@code port} (0 = a free port); on JVM shutdown it waits up to {@code shutdownHookGrace} for
     * {@link #close()} before it is stopped anyway.
     */
    public static EmbeddedRedis start(int port, Duration shutdownHookGrace) throws IOException {
        return start(port, null, shutdownHookGrace);
    }

    private static EmbeddedRedis start(int port, String password, Duration shutdownHookGrace) throws IOException {
        if (password != null && !password.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("embedded Redis password: letters and digits only");
        }
        int chosen = port == 0 ? freePort() : port;
        RedisServerBuilder builder = RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no");
        if (password != null) {
            builder.setting("requirepass " + password);
        }
        OrderedServer server = new OrderedServer(chosen, builder.buildCommandArgs(), shutdownHookGrace);
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start the embedded Redis on port " + chosen
                    + " (is another Redis running there? set datastream.redis.url to use it, or datastream.redis.embedded-port=0)", e);
        }
        return new EmbeddedRedis(server, chosen, password);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}, or {@code redis://:password@127.0.0.1:port} when it requires a password. */
    public String url() {
        return "redis://" + (password == null ? "" : ":" + password + "@") + "127.0.0.1:" + port;
    }

    /** Stops the server now. */
    @Override
    public void close() throws IOException {
        server.stopNow();
    }

    /** The library's RedisServer (same command line, same readiness check), with its shutdown hook held back. */
    private static final class OrderedServer extends RedisInstance {

        private final Duration shutdownHookGrace;
        private final CountDownLatch closed = new CountDownLatch(1);

        OrderedServer(int port, List<String> command, Duration shutdownHookGrace) {
            super(port, command, Redis.SERVER_READY_PATTERN, false, null, null);
            this.shutdownHookGrace = shutdownHookGrace;
        }

        void stopNow() throws IOException {
            try {
                super.stop();
            } finally {
                closed.countDown();
            }
        }

        /** Only the library's shutdown hook ("RedisInstanceCleaner") calls this; {@link #close()} uses stopNow(). */
        @Override
        public void stop() throws IOException {
            try {
                closed.await(shutdownHookGrace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            super.stop();
        }
    }
}
