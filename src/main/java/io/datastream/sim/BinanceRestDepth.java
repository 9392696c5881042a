package io.datastream.sim;

import io.vertx.core.http.HttpServerRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * Binance REST depth snapshots ({@code GET /api/v3/depth}, {@code /fapi/v1/depth}, {@code /dapi/v1/depth}
 * {@code ?symbol=X&limit=N}): from the synthetic books of a {@link SyntheticDepthJob} when one runs for the symbol,
 * else from recorded snapshots ({@code BINANCE.http.0.0} format). Faults on request: the next snapshot of a symbol
 * is a stale one, a symbol's snapshots disagree with its stream, or the next requests are answered 429 (or 418) with
 * Retry-After. Every request is logged with its time and answer.
 */
public final class BinanceRestDepth {

    /**
     * A depth request as the simulator answered it.
     *
     * @param atNanos {@link System#nanoTime()} when it arrived
     * @param path    the request path ({@code /api/v3/depth}, {@code /fapi/v1/depth} or {@code /dapi/v1/depth})
     * @param status  the HTTP status of the answer
     */
    public record Request(long atNanos, String path, int status) {
    }

    private static final Set<String> PATHS = Set.of("/api/v3/depth", "/fapi/v1/depth", "/dapi/v1/depth");
    private static final int DEFAULT_LIMIT = 100;
    /** The quantity of a {@code ["price","qty"]} level. */
    private static final Pattern QUANTITY = Pattern.compile("\"([0-9.]+)\"]");

    private final Map<String, String> recorded = new ConcurrentHashMap<>();
    private final Map<String, SimDepthBook> synthetic = new ConcurrentHashMap<>();
    private final Map<String, String> staleNext = new ConcurrentHashMap<>();
    private final Set<String> misreported = ConcurrentHashMap.newKeySet();
    private final Map<String, List<Request>> requests = new ConcurrentHashMap<>();
    private final AtomicInteger tooManyRequests = new AtomicInteger();
    private volatile int retryAfterSeconds = 1;
    private volatile int tooManyRequestsStatus = 429;

    /** Adds recorded snapshots, lines {@code <url> -> <epoch>: <json>}; the last one per symbol wins. */
    public void loadRecorded(Reader recording) {
        try (BufferedReader lines = new BufferedReader(recording)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int arrow = line.indexOf(" -> ");
                int colon = arrow < 0 ? -1 : line.indexOf(": ", arrow);
                int symbolAt = line.indexOf("symbol=");
                if (colon < 0 || symbolAt < 0 || symbolAt > arrow) {
                    continue;
                }
                int symbolEnd = line.indexOf('&', symbolAt);
                String symbol = line.substring(symbolAt + "symbol=".length(), symbolEnd < 0 || symbolEnd > arrow ? arrow : symbolEnd);
                recorded.put(symbol.toUpperCase(Locale.ROOT), line.substring(colon + 2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read recorded snapshots", e);
        }
    }

    /** The next snapshot of {@code symbol} is the book as it is now, however far it has moved on by then. */
    public void serveStaleSnapshotNext(String symbol, ExchangeSimulator simulator) {
        String upper = symbol.toUpperCase(Locale.ROOT);
        simulator.runOnLoop(() -> {
            SimDepthBook book = synthetic.get(upper);
            staleNext.put(upper, book != null ? book.snapshot(1000) : recorded.getOrDefault(upper, "{}"));
        });
    }

    /**
     * From now on every snapshot of {@code symbol} disagrees with its stream: each quantity has a digit appended, as a
     * book that silently drifted from the exchange's would look to the integrity probe.
     */
    public void misreportSnapshots(String symbol) {
        misreported.add(symbol.toUpperCase(Locale.ROOT));
    }

    /** The next {@code count} requests are answered {@code 429} with {@code Retry-After: seconds}. */
    public void answerTooManyRequests(int count, int seconds) {
        answerRateLimited(429, count, seconds);
    }

    /**
     * The next {@code count} requests (any symbol) are answered {@code status} with {@code Retry-After: seconds}:
     * 429 (request weight exceeded) or 418 (IP banned for ignoring 429s).
     */
    public void answerRateLimited(int status, int count, int seconds) {
        if (status != 429 && status != 418) {
            throw new IllegalArgumentException("Binance rate-limits with 429 or 418, not " + status);
        }
        tooManyRequestsStatus = status;
        retryAfterSeconds = seconds;
        tooManyRequests.set(count);
    }

    /** Snapshot requests received for a symbol (any status). */
    public int requests(String symbol) {
        return requestLog(symbol).size();
    }

    /** The snapshot requests received for a symbol (any status), oldest first. */
    public List<Request> requestLog(String symbol) {
        List<Request> log = requests.get(symbol.toUpperCase(Locale.ROOT));
        return log == null ? List.of() : List.copyOf(log);
    }

    void serve(String symbol, SimDepthBook book) {
        synthetic.put(symbol.toUpperCase(Locale.ROOT), book);
    }

    /** Answers a depth request; false when the request is not one. Runs on the simulator's event loop. */
    boolean handle(HttpServerRequest request) {
        if (!PATHS.contains(request.path())) {
            return false;
        }
        String symbol = request.getParam("symbol") == null ? "" : request.getParam("symbol").toUpperCase(Locale.ROOT);
        long now = System.nanoTime();
        List<Request> log = requests.computeIfAbsent(symbol, s -> new CopyOnWriteArrayList<>());
        if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            int status = tooManyRequestsStatus;
            log.add(new Request(now, request.path(), status));
            request.response().setStatusCode(status).putHeader("Retry-After", Integer.toString(retryAfterSeconds))
                    .end(status == 418 ? "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned.\"}"
                            : "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
            return true;
        }
        String body = staleNext.remove(symbol);
        if (body == null) {
            SimDepthBook book = synthetic.get(symbol);
            body = book != null ? book.snapshot(limit(request)) : recorded.get(symbol);
        }
        if (body == null) {
            log.add(new Request(now, request.path(), 400));
            request.response().setStatusCode(400).end("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return true;
        }
        log.add(new Request(now, request.path(), 200));
        if (misreported.contains(symbol)) {
            body = QUANTITY.matcher(body).replaceAll(level -> "\"" + level.group(1) + "1\"]");
        }
        request.response().putHeader("Content-Type", "application/json").end(body);
        return true;
    }

    private static int limit(HttpServerRequest request) {
        try {
            return request.getParam("limit") == null ? DEFAULT_LIMIT : Integer.parseInt(request.getParam("limit"));
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }
}
