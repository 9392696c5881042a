package io.datastream.book;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/** Snapshots a test hands out when asked: queued answers first, then the fallback; requests are counted. */
final class ScriptedSnapshots implements SnapshotSource {

    private final Deque<DepthSnapshot> queued = new ArrayDeque<>();
    private final List<CompletableFuture<DepthSnapshot>> pending = new ArrayList<>();
    private Supplier<DepthSnapshot> fallback;
    private boolean deferred;
    int requests;

    ScriptedSnapshots answering(Supplier<DepthSnapshot> fallback) {
        this.fallback = fallback;
        return this;
    }

    ScriptedSnapshots then(DepthSnapshot snapshot) {
        queued.add(snapshot);
        return this;
    }

    /** Requests stay open until {@link #completePending()}: diffs arrive meanwhile, as with a real REST call. */
    ScriptedSnapshots deferred() {
        deferred = true;
        return this;
    }

    void completePending() {
        List<CompletableFuture<DepthSnapshot>> open = new ArrayList<>(pending);
        pending.clear();
        open.forEach(f -> f.complete(next()));
    }

    @Override
    public CompletableFuture<DepthSnapshot> fetch(String venue, String symbol) {
        requests++;
        if (deferred) {
            CompletableFuture<DepthSnapshot> future = new CompletableFuture<>();
            pending.add(future);
            return future;
        }
        return CompletableFuture.completedFuture(next());
    }

    private DepthSnapshot next() {
        return queued.isEmpty() ? fallback.get() : queued.poll();
    }
}
