package io.datastream.sim;

import java.util.List;

/**
 * A snapshot of one open simulator connection, for test assertions.
 *
 * @param id               connection number, 1 for the first accepted connection
 * @param pathPrefix       the route prefix the client used: {@code ""}, {@code "/public"} or {@code "/market"}
 * @param path             the full request path, e.g. {@code /market/stream}
 * @param combined         whether events are wrapped with their stream name
 * @param subscribedStreams subscribed stream names, lower case, in subscription order
 * @param receivedMessages text messages received from the client, verbatim, in order
 * @param pingsSent        WebSocket PINGs the server sent
 * @param pongsReceived    WebSocket PONGs the client sent back
 * @param pingsReceived    WebSocket PINGs the client sent
 */
public record ConnectionInfo(
        long id,
        String pathPrefix,
        String path,
        boolean combined,
        List<String> subscribedStreams,
        List<String> receivedMessages,
        int pingsSent,
        int pongsReceived,
        int pingsReceived) {

    public ConnectionInfo {
        subscribedStreams = List.copyOf(subscribedStreams);
        receivedMessages = List.copyOf(receivedMessages);
    }
}
