package io.datastream.ops;

import io.datastream.exchange.StreamConfig;

/** One {@code exchange-feed} templatedRoute as written in a route file: its route id and what it streams. */
record FeedDefinition(String routeId, StreamConfig stream, String file) {
}
