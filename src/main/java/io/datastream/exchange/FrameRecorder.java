package io.datastream.exchange;

/**
 * Where feeds record their raw traffic (property {@code datastream.record.dir}): every connect, control message sent
 * and frame received, with its time, so a live session can be replayed later through the same routes.
 */
public interface FrameRecorder {

    /** Starts the recording of one feed route for this start of the service. */
    Session open(String routeId, String exchange, String venue);

    /** One route's recording; calls may come from any thread. */
    interface Session extends AutoCloseable {

        /** A connection to {@code url} opened. */
        void connected(String url, long epochMicros);

        /** A control message went out. */
        void sent(String text, long epochMicros);

        /** A frame arrived. */
        void received(String text, long epochMicros);

        @Override
        void close();

        Session NONE = new Session() {
            @Override
            public void connected(String url, long epochMicros) {
            }

            @Override
            public void sent(String text, long epochMicros) {
            }

            @Override
            public void received(String text, long epochMicros) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** Records nothing (the default). */
    FrameRecorder NONE = (routeId, exchange, venue) -> Session.NONE;
}
