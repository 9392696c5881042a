package io.datastream.book;

import io.datastream.model.Book;
import io.datastream.model.MarketEvent;
import io.datastream.model.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Collects what the books publish, for assertions. */
final class CapturedOutput implements BookOutput {

    final List<MarketEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void offer(List<MarketEvent> published) {
        events.addAll(published);
    }

    List<String> states() {
        return events.stream().filter(e -> e.payload() instanceof Status).map(e -> ((Status) e.payload()).state()).toList();
    }

    List<Book> books() {
        return events.stream().filter(e -> e.payload() instanceof Book).map(e -> (Book) e.payload()).toList();
    }
}
