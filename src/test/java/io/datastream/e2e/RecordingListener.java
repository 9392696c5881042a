package io.datastream.e2e;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.datastream.client.DataStreamAdapter;
import io.datastream.client.Link;
import io.datastream.client.Message;

/** Keeps everything a client's listener is told, for assertions. */
final class RecordingListener extends DataStreamAdapter {

    record Gap(String channel, long expected, long got) {
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    final List<Message> statuses = new CopyOnWriteArrayList<>();
    final List<Gap> gaps = new CopyOnWriteArrayList<>();
    final List<Link> disconnects = new CopyOnWriteArrayList<>();
    final List<Link> reconnects = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    @Override
    public void onMessage(Message message) {
        if (threads.isEmpty()) {
            threads.add(Thread.currentThread().getName());
        }
        messages.add(message);
    }

    @Override
    public void onGap(String channel, long expectedSeq, long gotSeq) {
        gaps.add(new Gap(channel, expectedSeq, gotSeq));
    }

    @Override
    public void onStatus(Message status) {
        statuses.add(status);
    }

    @Override
    public void onDisconnected(Link link, Throwable cause) {
        disconnects.add(link);
    }

    @Override
    public void onReconnected(Link link) {
        reconnects.add(link);
    }

    @Override
    public void onFailure(Throwable error) {
        failures.add(error);
    }

    @Override
    public void onClosed() {
        closed = true;
    }

    long count(String channel) {
        return messages.stream().filter(m -> m.channel().equals(channel)).count();
    }
}
