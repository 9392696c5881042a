package io.datastream.exchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.datastream.model.AggTrade;
import io.datastream.model.BookTicker;
import io.datastream.model.Channel;
import io.datastream.model.Depth;
import io.datastream.model.MarketEvent;
import io.datastream.model.Trade;

/**
 * Remembers, per channel of one feed, the position of the last event published (trade id, book update id, else the
 * exchange time), so the frames a replacement connection delivered during a planned rotation can be published from
 * exactly where the old connection stopped: nothing twice, nothing skipped. Used on the feed's worker thread only.
 */
public final class DuplicateFilter {

    private final Map<Channel, Long> lastPosition = new HashMap<>();

    /** Records the events' positions; with {@code overlapping}, drops the events at or before the last position. */
    public List<MarketEvent> apply(List<MarketEvent> events, boolean overlapping) {
        List<MarketEvent> kept = overlapping ? new ArrayList<>(events.size()) : events;
        for (MarketEvent event : events) {
            long position = position(event);
            Long last = lastPosition.get(event.channel());
            if (overlapping && last != null && position <= last) {
                continue;
            }
            lastPosition.put(event.channel(), position);
            if (overlapping) {
                kept.add(event);
            }
        }
        return kept;
    }

    static long position(MarketEvent event) {
        if (event.payload() instanceof Trade trade) {
            return numberOr(trade.tradeId(), event.ts());
        } else if (event.payload() instanceof AggTrade trade) {
            return numberOr(trade.tradeId(), event.ts());
        } else if (event.payload() instanceof Depth depth && depth.lastUpdateId() != null) {
            return depth.lastUpdateId();
        } else if (event.payload() instanceof BookTicker ticker && ticker.updateId() != null) {
            return ticker.updateId();
        }
        return event.ts();
    }

    private static long numberOr(String id, long fallback) {
        if (id == null || id.isEmpty() || id.length() > 18) {
            return fallback;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!Character.isDigit(id.charAt(i))) {
                return fallback; // e.g. Kraken futures trade uids
            }
        }
        return Long.parseLong(id);
    }
}
