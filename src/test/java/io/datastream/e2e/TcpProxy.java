package io.datastream.e2e;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

/**
 * A loopback TCP proxy whose link the test can cut: {@link #cut()} resets every connection and refuses new ones until
 * {@link #restore()}. Puts Redis out of reach of DataStream while a test subscriber stays connected to Redis itself.
 */
final class TcpProxy implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final NetServer server;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;

    TcpProxy(int targetPort) throws Exception {
        server = vertx.createNetServer().connectHandler(client -> {
            if (cut) {
                client.close();
                return;
            }
            client.pause();
            vertx.createNetClient().connect(targetPort, "127.0.0.1").onComplete(result -> {
                if (result.failed() || cut) {
                    client.close();
                    return;
                }
                NetSocket upstream = result.result();
                sockets.add(client);
                sockets.add(upstream);
                client.handler(upstream::write);
                upstream.handler(client::write);
                client.closeHandler(v -> upstream.close());
                upstream.closeHandler(v -> client.close());
                client.resume();
            });
        });
        CompletableFuture<NetServer> listening = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture();
        listening.get(5, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    String redisUrl() {
        return "redis://127.0.0.1:" + port();
    }

    void cut() {
        cut = true;
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        vertx.close();
    }
}
