package io.datastream.book;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datastream.model.PriceLevel;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binance REST depth snapshots ({@code /api/v3/depth}, {@code /fapi/v1/depth}, {@code /dapi/v1/depth}) with the JDK
 * HTTP client, asynchronously. Each venue has its own request-weight budget; 429 and 418 pause that venue for the
 * server's Retry-After; other failures are retried with exponential back-off, forever (a book cannot go live without).
 */
public final class BinanceSnapshotClient implements SnapshotSource {

    private static final Logger LOG = LoggerFactory.getLogger(BinanceSnapshotClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(5);
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    /** Half of Binance's per-IP budgets (spot 6000/min, futures 2400/min): other clients may share the address. */
    private static final Map<String, Integer> WEIGHT_PER_MINUTE = Map.of("spot", 3000, "usdm", 1200, "coinm", 1200);
    private static final Map<String, String> PATHS = Map.of("spot", "/api/v3/depth", "usdm", "/fapi/v1/depth",
            "coinm", "/dapi/v1/depth");

    private final Map<String, String> restUrls;
    private final int limit;
    /** Created at the first snapshot: its TLS setup costs a quarter second of startup that feeds without books never need. */
    private volatile HttpClient http;
    private final Map<String, RequestWeightLimiter> limiters;

    /** @param restUrls base URL by venue ({@code spot}, {@code usdm}, {@code coinm}); @param limit levels per snapshot */
    public BinanceSnapshotClient(Map<String, String> restUrls, int limit) {
        this.restUrls = Map.copyOf(restUrls);
        this.limit = limit;
        this.limiters = Map.of("spot", new RequestWeightLimiter(WEIGHT_PER_MINUTE.get("spot")),
                "usdm", new RequestWeightLimiter(WEIGHT_PER_MINUTE.get("usdm")),
                "coinm", new RequestWeightLimiter(WEIGHT_PER_MINUTE.get("coinm")));
    }

    private HttpClient http() {
        HttpClient client = http;
        if (client == null) {
            synchronized (this) {
                if (http == null) {
                    http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
                }
                client = http;
            }
        }
        return client;
    }

    @Override
    public CompletableFuture<DepthSnapshot> fetch(String venue, String symbol) {
        String base = restUrls.get(venue);
        if (base == null || !PATHS.containsKey(venue)) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no REST URL for binance venue " + venue));
        }
        return attempt(venue, depthUri(base, venue, symbol), 1);
    }

    @Override
    public CompletableFuture<DepthSnapshot> fetchIfSpare(String venue, String symbol) {
        String base = restUrls.get(venue);
        RequestWeightLimiter limiter = limiters.get(venue);
        if (base == null || limiter == null || !limiter.trySpare(weight(venue, limit))) {
            return CompletableFuture.completedFuture(null);
        }
        URI uri = depthUri(base, venue, symbol);
        return http().sendAsync(request(uri), HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            pauseIfRateLimited(venue, limiter, response, uri);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.statusCode() + " for " + uri);
            }
            return parse(response.body());
        });
    }

    private URI depthUri(String base, String venue, String symbol) {
        return URI.create(base + PATHS.get(venue) + "?symbol=" + URLEncoder.encode(symbol, StandardCharsets.UTF_8)
                + "&limit=" + limit);
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT).GET().build();
    }

    private CompletableFuture<DepthSnapshot> attempt(String venue, URI uri, int attempt) {
        RequestWeightLimiter limiter = limiters.get(venue);
        return limiter.acquire(weight(venue, limit))
                .thenCompose(ready -> http().sendAsync(request(uri), HttpResponse.BodyHandlers.ofString()))
                .handle((response, error) -> {
                    if (error == null && response.statusCode() == 200) {
                        return CompletableFuture.completedFuture(parse(response.body()));
                    }
                    if (error == null && pauseIfRateLimited(venue, limiter, response, uri)) {
                        return attempt(venue, uri, attempt);
                    }
                    String problem = error != null ? unwrap(error).toString() : "HTTP " + response.statusCode();
                    long delay = Math.min(MAX_BACKOFF_MILLIS, 250L << Math.min(attempt, 10));
                    if (attempt <= 3 || attempt % 10 == 0) {
                        LOG.warn("Snapshot {} failed (attempt {}): {}; retrying in {} ms", uri, attempt, problem, delay);
                    }
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(venue, uri, attempt + 1));
                })
                .thenCompose(next -> next);
    }

    /** On 429 (too many requests) or 418 (banned), pauses the venue's requests for the server's Retry-After. */
    private static boolean pauseIfRateLimited(String venue, RequestWeightLimiter limiter, HttpResponse<?> response, URI uri) {
        if (response.statusCode() != 429 && response.statusCode() != 418) {
            return false;
        }
        Duration wait = retryAfter(response);
        LOG.warn("Binance {} answered {} for {}; pausing {} requests for {}", venue, response.statusCode(), uri, venue, wait);
        limiter.pauseFor(wait);
        return true;
    }

    /** Binance request weight of a depth request (spot and futures tables differ). */
    static int weight(String venue, int limit) {
        if ("spot".equals(venue)) {
            return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
        }
        return limit <= 50 ? 2 : limit <= 100 ? 5 : limit <= 500 ? 10 : 20;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException e) {
                return DEFAULT_RETRY_AFTER;
            }
        }).orElse(DEFAULT_RETRY_AFTER);
    }

    /** Parses {@code {"lastUpdateId":..,"bids":[[p,q],..],"asks":[..]}} keeping the decimal text. */
    static DepthSnapshot parse(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            JsonNode id = root.get("lastUpdateId");
            if (id == null || !id.canConvertToLong()) {
                throw new IllegalArgumentException("snapshot without lastUpdateId: " + abbreviate(body));
            }
            return new DepthSnapshot(id.longValue(), levels(root.get("bids")), levels(root.get("asks")));
        } catch (java.io.IOException e) {
            throw new CompletionException(new IllegalArgumentException("malformed snapshot: " + abbreviate(body), e));
        }
    }

    private static List<PriceLevel> levels(JsonNode array) {
        List<PriceLevel> levels = new ArrayList<>(array == null ? 0 : array.size());
        if (array != null) {
            for (JsonNode level : array) {
                levels.add(new PriceLevel(level.get(0).asText(), level.get(1).asText()));
            }
        }
        return levels;
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    private static Throwable unwrap(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
