package io.datastream.client;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Command line on the service jar: {@code tail} prints messages as they arrive, one per line; {@code channels} lists
 * what the service is streaming with rates.
 * <pre>
 * java -cp datastream.jar io.datastream.client.Cli tail binance:spot:btcusdt:trade 'binance:spot:*:bookTicker' [--pretty]
 * java -cp datastream.jar io.datastream.client.Cli channels
 * options: --server ws://host:8765/control  --redis redis://host:6379  --token TOKEN (or DATASTREAM_CONTROL_TOKEN)
 * </pre>
 */
public final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length == 0) {
            return usage(err);
        }
        String command = args[0];
        List<String> names = new ArrayList<>();
        boolean pretty = false;
        DataStreamClient.Builder builder = DataStreamClient.builder().token(System.getenv("DATASTREAM_CONTROL_TOKEN"));
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--pretty" -> pretty = true;
                case "--server" -> builder.server(value(args, ++i, "--server"));
                case "--redis" -> builder.redis(value(args, ++i, "--redis"));
                case "--token" -> builder.token(value(args, ++i, "--token"));
                default -> {
                    if (args[i].startsWith("--")) {
                        err.println("unknown option " + args[i]);
                        return usage(err);
                    }
                    names.add(args[i]);
                }
            }
        }
        return switch (command) {
            case "tail" -> names.isEmpty() ? usage(err) : tail(builder, names, pretty, out, err);
            case "channels" -> channels(builder, out);
            default -> usage(err);
        };
    }

    private static int tail(DataStreamClient.Builder builder, List<String> names, boolean pretty, PrintStream out,
                            PrintStream err) throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        DataStreamClient client = builder.listener(new DataStreamAdapter() {
            @Override
            public void onMessage(Message message) {
                out.println(pretty ? prettyJson(message) : message.json());
            }

            @Override
            public void onGap(String channel, long expectedSeq, long gotSeq) {
                err.println("# gap on " + channel + ": expected seq " + expectedSeq + ", got " + gotSeq);
            }

            @Override
            public void onStatus(Message status) {
                err.println("# status " + status.channel() + ": " + status.node().path("state").asText() + " "
                        + status.node().path("reason").asText(""));
            }

            @Override
            public void onDisconnected(Link link, Throwable cause) {
                err.println("# " + link.name().toLowerCase(Locale.ROOT) + " disconnected: " + cause.getMessage());
            }

            @Override
            public void onReconnected(Link link) {
                err.println("# " + link.name().toLowerCase(Locale.ROOT) + " reconnected");
            }

            @Override
            public void onFailure(Throwable error) {
                err.println("# " + error.getMessage());
            }

            @Override
            public void onClosed() {
                closed.countDown();
            }
        }).build();
        Runtime.getRuntime().addShutdownHook(new Thread(client::close));
        client.connect();
        SubscribeResult result = client.subscribe(names).join();
        result.failed().forEach(r -> err.println("# " + r));
        if (result.results().stream().noneMatch(ChannelResult::ok)) {
            client.close();
            return 2;
        }
        closed.await();
        return 0;
    }

    private static int channels(DataStreamClient.Builder builder, PrintStream out) {
        try (DataStreamClient client = builder.build().connect()) {
            List<StreamInfo> streams = client.streams().join();
            out.printf("%-40s %-14s %-9s %7s %9s %12s  %s%n", "CHANNEL", "FEED", "STATE", "CLIENTS", "MSG/S",
                    "PUBLISHED", "NOTE");
            for (StreamInfo s : streams) {
                String note = s.alwaysOn() ? "always on" : s.stopping() ? "stopping" : "";
                out.printf(Locale.ROOT, "%-40s %-14s %-9s %7d %9.1f %12d  %s%n", s.channel(), s.feed(), s.state(),
                        s.clients(), s.ratePerSecond(), s.published(), note);
            }
        }
        return 0;
    }

    private static String prettyJson(Message message) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(message.node());
        } catch (Exception e) {
            return message.json();
        }
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static int usage(PrintStream err) {
        err.println("usage: Cli tail <channel|pattern>... [--pretty] [--server URL] [--redis URL] [--token TOKEN]");
        err.println("       Cli channels [--server URL] [--token TOKEN]");
        return 64;
    }
}
