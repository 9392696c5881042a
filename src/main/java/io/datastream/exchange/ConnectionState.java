package io.datastream.exchange;

/** Lifecycle of one upstream connection, as shown in health checks and metrics. */
public enum ConnectionState {
    CONNECTING, LIVE, STALE, BACKOFF, STOPPED
}
