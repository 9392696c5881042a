package io.datastream.control;

/** The outcome for one channel of a request: {@code ok}, or an error code with a message naming the bad part. */
record ChannelResult(String channel, ErrorCode code, String message) {

    static ChannelResult ok(String channel) {
        return new ChannelResult(channel, null, null);
    }

    static ChannelResult error(String channel, ErrorCode code, String message) {
        return new ChannelResult(channel, code, message);
    }

    boolean isOk() {
        return code == null;
    }
}
