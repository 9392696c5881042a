package io.datastream.publish;

import io.datastream.model.MarketEvent;

/** An event waiting to be published, with the per-channel sequence number it was given on arrival. */
public record Outbound(String channel, MarketEvent event, long seq) {
}
