package io.datastream.client;

import java.util.List;

/** The per-channel outcomes of a subscribe or unsubscribe request, in request order. */
public record SubscribeResult(List<ChannelResult> results) {

    public SubscribeResult {
        results = List.copyOf(results);
    }

    public boolean allOk() {
        return results.stream().allMatch(ChannelResult::ok);
    }

    public List<ChannelResult> failed() {
        return results.stream().filter(r -> !r.ok()).toList();
    }

    @Override
    public String toString() {
        return results.toString();
    }
}
