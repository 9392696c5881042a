package io.datastream.client;

/** A {@link DataStreamListener} whose methods do nothing: extend it and override what you need. */
public abstract class DataStreamAdapter implements DataStreamListener {

    @Override
    public void onMessage(Message message) {
        // empty adapter method
    }

    @Override
    public void onGap(String channel, long expectedSeq, long gotSeq) {
        // empty adapter method
    }

    @Override
    public void onStatus(Message status) {
        // empty adapter method
    }

    @Override
    public void onDisconnected(Link link, Throwable cause) {
        // empty adapter method
    }

    @Override
    public void onReconnected(Link link) {
        // empty adapter method
    }

    @Override
    public void onClosed() {
        // empty adapter method
    }

    @Override
    public void onFailure(Throwable error) {
        // empty adapter method
    }
}
