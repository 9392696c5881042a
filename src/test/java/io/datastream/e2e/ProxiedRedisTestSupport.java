package io.datastream.e2e;

import java.util.Properties;

import org.junit.jupiter.api.AfterEach;

/** The service reaches Redis through a {@link TcpProxy} the test can cut, while test subscribers connect directly. */
abstract class ProxiedRedisTestSupport extends DataStreamTestSupport {

    protected TcpProxy proxy;

    @Override
    protected final void configure(Properties properties) {
        try {
            proxy = new TcpProxy(redis.port());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        properties.put("datastream.redis.url", proxy.redisUrl());
        configureService(properties);
    }

    /** Test-specific properties. */
    protected void configureService(Properties properties) {
    }

    @AfterEach
    void closeProxy() {
        proxy.close();
    }
}
