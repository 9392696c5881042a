package io.datastream.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import io.datastream.model.MarketEvent;
import io.datastream.model.Payload;

/** Field-by-field check of one normalized event: every field of {@link MarketEvent}, the payload by record equality. */
final class EventAssert {

    private EventAssert() {
    }

    static void assertEvent(MarketEvent event, String channel, String symbol, long ts, long recvTs, Payload payload) {
        assertThat(event.channel().toString()).as("channel").isEqualTo(channel);
        assertThat(event.symbol()).as("symbol").isEqualTo(symbol);
        assertThat(event.ts()).as("ts").isEqualTo(ts);
        assertThat(event.recvTs()).as("recvTs").isEqualTo(recvTs);
        assertThat(event.payload()).as("payload of %s", channel).isEqualTo(payload);
    }
}
