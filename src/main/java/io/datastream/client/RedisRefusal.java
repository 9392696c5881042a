package io.datastream.client;

/** Tells a Redis that refused our credentials from one that is down: the first needs a fix, the second only time. */
public final class RedisRefusal {

    private RedisRefusal() {
    }

    /**
     * Redis's answer when it refused to authenticate ({@code WRONGPASS}, {@code NOAUTH}, {@code ERR invalid password},
     * {@code ERR AUTH ...}) anywhere in the cause chain, else null.
     */
    public static String of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.startsWith("WRONGPASS") || message.startsWith("NOAUTH")
                    || message.startsWith("ERR invalid password") || message.startsWith("ERR AUTH"))) {
                return message.trim();
            }
        }
        return null;
    }
}
