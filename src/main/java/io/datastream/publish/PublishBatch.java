package io.datastream.publish;

import java.util.List;

/**
 * Events the writer publishes in one Redis pipeline. {@code written} counts the events Redis confirmed, so a batch that
 * failed half-way is retried from the first unconfirmed event: nothing is published twice by our retry, nothing skipped.
 */
public final class PublishBatch {

    private final List<Outbound> events;
    private int written;

    public PublishBatch(List<Outbound> events) {
        this.events = List.copyOf(events);
    }

    public List<Outbound> events() {
        return events;
    }

    public List<Outbound> unwritten() {
        return events.subList(written, events.size());
    }

    public int written() {
        return written;
    }

    void confirm(int count) {
        written += count;
    }

    public boolean isDone() {
        return written == events.size();
    }

    @Override
    public String toString() {
        return "PublishBatch[" + written + "/" + events.size() + " written]";
    }
}
