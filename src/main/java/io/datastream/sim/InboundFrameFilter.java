package io.datastream.sim;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.function.BooleanSupplier;

/**
 * Netty handler placed in front of Vert.x's WebSocket handling: Vert.x always answers PINGs itself,
 * so ignoring pings (and every client frame while stalled) has to happen before it sees them.
 */
final class InboundFrameFilter extends ChannelInboundHandlerAdapter {

    private final SimConnection connection;
    private final boolean answerPings;
    private final BooleanSupplier stalled;

    InboundFrameFilter(SimConnection connection, boolean answerPings, BooleanSupplier stalled) {
        this.connection = connection;
        this.answerPings = answerPings;
        this.stalled = stalled;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof PingWebSocketFrame) {
            connection.recordClientPing();
        }
        if (msg instanceof WebSocketFrame frame && shouldDrop(frame)) {
            ReferenceCountUtil.release(frame);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    // close frames always pass so clients (and test teardown) can still end the session
    private boolean shouldDrop(WebSocketFrame frame) {
        if (frame instanceof CloseWebSocketFrame) {
            return false;
        }
        return stalled.getAsBoolean() || (frame instanceof PingWebSocketFrame && !answerPings);
    }
}
