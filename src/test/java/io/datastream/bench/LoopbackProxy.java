package io.datastream.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy for the benchmarks (blocking sockets, two threads per connection), in two roles:
 * <ul>
 * <li>a <b>cuttable link</b> (like the e2e tests' TcpProxy): {@link #cut()} closes every connection and refuses new
 * ones until {@link #restore()} — Redis out of reach of DataStream while subscribers stay connected;</li>
 * <li>a <b>tap</b> on a WebSocket connection: every text message the server sends is handed to the {@link Tap} after its
 * bytes were forwarded, with whether the client had already sent its close frame on that connection, so the benchmark
 * knows exactly which trades the exchange delivered to DataStream, and which arrived after DataStream gave the
 * connection up.</li>
 * </ul>
 * When the server side ends (FIN or RST, e.g. the simulator's abortive drop), the proxy forwards every byte it has read
 * and then half-closes towards the client (FIN): the client sees the connection end without a close frame (1006), and
 * every frame the tap counted reached the client's socket (a reset passed on as a reset could discard data the client
 * had not read yet, and the count would be wrong). The client side is read to its end before both sockets close.
 */
final class LoopbackProxy implements AutoCloseable {

    /** Receives the server's text messages; {@code afterClientClose}: the client had sent its close frame already. */
    interface Tap {
        void serverText(String text, boolean afterClientClose);
    }

    private final int targetPort;
    private final Tap onServerText;
    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong compressedFrames = new AtomicLong();
    private volatile boolean cut;
    private volatile boolean closed;

    /** A plain cuttable link to 127.0.0.1:{@code targetPort}. */
    LoopbackProxy(int targetPort) throws IOException {
        this(targetPort, null);
    }

    /** A link whose server-to-client WebSocket text messages go to {@code onServerText} (null: no tap). */
    LoopbackProxy(int targetPort, Tap onServerText) throws IOException {
        this.targetPort = targetPort;
        this.onServerText = onServerText;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "proxy-accept-" + targetPort);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    long connections() {
        return connections.get();
    }

    /** WebSocket frames with RSV1 set (permessage-deflate) the tap could not read; expected 0. */
    long compressedFrames() {
        return compressedFrames.get();
    }

    void cut() {
        cut = true;
        sockets.forEach(LoopbackProxy::closeQuietly);
        sockets.clear();
    }

    void restore() {
        cut = false;
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        sockets.forEach(LoopbackProxy::closeQuietly);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket target;
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException e) {
                    closeQuietly(client);
                    continue;
                }
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(target);
                long id = connections.incrementAndGet();
                java.util.concurrent.atomic.AtomicBoolean clientClosed = new java.util.concurrent.atomic.AtomicBoolean();
                FrameReader up = onServerText == null ? null : new FrameReader(text -> { }, () -> clientClosed.set(true));
                FrameReader down = onServerText == null ? null
                        : new FrameReader(text -> onServerText.serverText(text, clientClosed.get()), () -> { });
                start("proxy-up-" + id, () -> pumpUp(client, target, up));
                start("proxy-down-" + id, () -> pumpDown(target, client, down));
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("proxy accept failed: " + e);
                }
            }
        }
    }

    private static void start(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Client to server. A failed write (server gone) only stops forwarding: the client is read to its end. */
    private void pumpUp(Socket client, Socket target, FrameReader frames) {
        byte[] buffer = new byte[64 * 1024];
        boolean targetBroken = false;
        try (InputStream in = client.getInputStream()) {
            OutputStream out = target.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (frames != null) {
                    frames.feed(buffer, n);
                }
                if (!targetBroken) {
                    try {
                        out.write(buffer, 0, n);
                    } catch (IOException e) {
                        targetBroken = true;
                    }
                }
            }
        } catch (IOException e) {
            // reset, or closed by cut()
        } finally {
            closeQuietly(target);
            closeQuietly(client);
            sockets.remove(client);
            sockets.remove(target);
        }
    }

    /** Server to client. When the server side ends, everything read has been written: the client gets a FIN after it. */
    private void pumpDown(Socket target, Socket client, FrameReader frames) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = target.getInputStream()) {
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (frames != null) {
                    frames.feed(buffer, n);
                }
            }
        } catch (IOException e) {
            // the server reset the connection (an abortive drop), or cut()
        } finally {
            try {
                client.shutdownOutput();
            } catch (IOException e) {
                closeQuietly(client);
            }
            closeQuietly(target);
        }
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            // best effort
        }
    }

    /** Incremental reader of one direction: the HTTP upgrade request or response, then WebSocket frames. */
    private final class FrameReader {
        private final java.util.function.Consumer<String> onText;
        private final Runnable onClose;
        private byte[] data = new byte[128 * 1024];
        private int length;
        private boolean upgraded;
        private final java.io.ByteArrayOutputStream fragments = new java.io.ByteArrayOutputStream();
        private boolean inText;

        FrameReader(java.util.function.Consumer<String> onText, Runnable onClose) {
            this.onText = onText;
            this.onClose = onClose;
        }

        void feed(byte[] bytes, int n) {
            if (length + n > data.length) {
                data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, length + n));
            }
            System.arraycopy(bytes, 0, data, length, n);
            length += n;
            int consumed = parse();
            System.arraycopy(data, consumed, data, 0, length - consumed);
            length -= consumed;
        }

        private int parse() {
            int p = 0;
            if (!upgraded) {
                for (int i = 3; i < length; i++) {
                    if (data[i - 3] == '\r' && data[i - 2] == '\n' && data[i - 1] == '\r' && data[i] == '\n') {
                        upgraded = true;
                        p = i + 1;
                        break;
                    }
                }
                if (!upgraded) {
                    return 0;
                }
            }
            while (length - p >= 2) {
                int b0 = data[p] & 0xff;
                int b1 = data[p + 1] & 0xff;
                boolean fin = (b0 & 0x80) != 0;
                boolean rsv1 = (b0 & 0x40) != 0;
                int opcode = b0 & 0x0f;
                boolean masked = (b1 & 0x80) != 0;
                long payload = b1 & 0x7f;
                int header = 2;
                if (payload == 126) {
                    if (length - p < 4) {
                        break;
                    }
                    payload = ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
                    header = 4;
                } else if (payload == 127) {
                    if (length - p < 10) {
                        break;
                    }
                    payload = 0;
                    for (int i = 0; i < 8; i++) {
                        payload = (payload << 8) | (data[p + 2 + i] & 0xff);
                    }
                    header = 10;
                }
                int maskAt = p + header;
                if (masked) {
                    header += 4;
                }
                if (length - p < header + payload) {
                    break;
                }
                int start = p + header;
                if (masked) {
                    for (int i = 0; i < payload; i++) {
                        data[start + i] ^= data[maskAt + (i & 3)];
                    }
                }
                if (opcode == 8) {
                    onClose.run();
                } else if (rsv1) {
                    compressedFrames.incrementAndGet();
                } else if (opcode == 1 || (opcode == 0 && inText)) {
                    fragments.write(data, start, (int) payload);
                    inText = !fin;
                    if (fin) {
                        onText.accept(fragments.toString(StandardCharsets.UTF_8));
                        fragments.reset();
                    }
                }
                p = start + (int) payload;
            }
            return p;
        }
    }
}
