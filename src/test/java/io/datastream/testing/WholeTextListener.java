package io.datastream.testing;

import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;

/** A JDK WebSocket listener that hands on whole text messages, however they arrived split into frames. */
public abstract class WholeTextListener implements WebSocket.Listener {

    private final StringBuilder text = new StringBuilder();

    @Override
    public final CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            onMessage(message);
        }
        ws.request(1);
        return null;
    }

    protected abstract void onMessage(String message);
}
