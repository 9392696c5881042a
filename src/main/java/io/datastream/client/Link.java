package io.datastream.client;

/** The two connections a client keeps: the control server (subscriptions) and Redis (the data). */
public enum Link {
    CONTROL,
    REDIS
}
