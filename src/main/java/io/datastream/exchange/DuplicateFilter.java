package io.datastream.exchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.datastream.model.AggTrade;
import io.datastream.model.BookTicker;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.Payload;
import io.datastream.model.Trade;

/**
 * Remembers, per channel of one feed, the position of the last event published (trade id, book update id, else the
 * exchange time), so the frames a replacement connection delivered during a planned rotation can be published from
 * exactly where the old connection stopped: nothing twice, nothing skipped. Several events may share an exchange time
 * (Kraken futures trades have UUIDs, so their position is their time): at that time only the payloads already
 * published are dropped, the others are new. Used on the feed's worker thread only.
 */
public final class DuplicateFilter {

    private final Map<Channel, Last> lastByChannel = new HashMap<>();

    /** A channel's last position, and when that position is an exchange time, the payloads published at it. */
    private static final class Last {
        private long position;
        private final Set<Payload> atTime = new HashSet<>();
    }

    /** Records the events' positions; with {@code overlapping}, drops the events at or before the last position. */
    public List<MarketEvent> apply(List<MarketEvent> events, boolean overlapping) {
        List<MarketEvent> kept = overlapping ? new ArrayList<>(events.size()) : events;
        for (MarketEvent event : events) {
            Long id = sequenceId(event);
            long position = id != null ? id : event.ts();
            Last last = lastByChannel.get(event.channel());
            if (overlapping && last != null && published(last, position, id == null ? event.payload() : null)) {
                continue;
            }
            if (last == null) {
                last = new Last();
                lastByChannel.put(event.channel(), last);
            }
            if (position != last.position) {
                last.position = position;
                last.atTime.clear();
            }
            if (id == null) {
                last.atTime.add(event.payload());
            }
            if (overlapping) {
                kept.add(event);
            }
        }
        return kept;
    }

    /** Whether an event at this position (with this payload, when the position is a time) was already published. */
    private static boolean published(Last last, long position, Payload timedPayload) {
        if (position != last.position) {
            return position < last.position;
        }
        return timedPayload == null || last.atTime.contains(timedPayload);
    }

    /** The event's own sequence number (trade id, book update id), or null when only its exchange time orders it. */
    static Long sequenceId(MarketEvent event) {
        if (event.payload() instanceof Trade trade) {
            return number(trade.tradeId());
        } else if (event.payload() instanceof AggTrade trade) {
            return number(trade.tradeId());
        } else if (event.payload() instanceof Depth depth) {
            return depth.lastUpdateId();
        } else if (event.payload() instanceof BookTicker ticker) {
            return ticker.updateId();
        }
        return null;
    }

    private static Long number(String id) {
        if (id == null || id.isEmpty() || id.length() > 18) {
            return null;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return null; // e.g. Kraken futures trade uids
            }
        }
        return Long.parseLong(id);
    }
}
