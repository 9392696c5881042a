package io.datastream.ops;

import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;
import redis.embedded.core.RedisServerBuilder;

/**
 * A real Redis server started by DataStream itself (the binary ships in the embedded-redis jar), used when no
 * {@code datastream.redis.url} is configured, so a fresh machine needs nothing installed. Loopback only, no persistence.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;
    private final String password;

    private EmbeddedRedis(RedisServer server, int port, String password) {
        this.server = server;
        this.port = port;
        this.password = password;
    }

    /** Starts a server on {@code port} (0 = a free port). */
    public static EmbeddedRedis start(int port) throws IOException {
        return start(port, null);
    }

    /**
     * Starts a server on {@code port} (0 = a free port) that requires {@code password} (Redis {@code requirepass},
     * for the default user; null = none). The password goes into {@link #url()} as is: letters and digits only.
     */
    public static EmbeddedRedis start(int port, String password) throws IOException {
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
        // no JVM shutdown hook killing it: on shutdown the publisher flushes first, then Runtime stops Redis
        RedisServer server = builder.build();
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

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
