package io.datastream.ops;

import java.io.IOException;
import java.net.ServerSocket;

import redis.embedded.RedisServer;

/**
 * A real Redis server started by DataStream itself (the binary ships in the embedded-redis jar), used when no
 * {@code datastream.redis.url} is configured, so a fresh machine needs nothing installed. Loopback only, no persistence.
 */
public final class EmbeddedRedis implements AutoCloseable {

    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts a server on {@code port} (0 = a free port). */
    public static EmbeddedRedis start(int port) throws IOException {
        int chosen = port == 0 ? freePort() : port;
        RedisServer server = RedisServer.newRedisServer()
                .port(chosen)
                .bind("127.0.0.1")
                .setting("save \"\"")
                .setting("appendonly no")
                // no JVM shutdown hook killing it: on shutdown the publisher flushes first, then Runtime stops Redis
                .build();
        try {
            server.start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot start the embedded Redis on port " + chosen
                    + " (is another Redis running there? set datastream.redis.url to use it, or datastream.redis.embedded-port=0)", e);
        }
        return new EmbeddedRedis(server, chosen);
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
