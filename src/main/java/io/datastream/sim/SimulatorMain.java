package io.datastream.sim;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the simulator standalone for the offline demo:
 * {@code --port N --replay <file>[,<file>] [--loop] [--fast] [--speed X]}; prints the URL, runs until killed.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        List<Path> recordings = new ArrayList<>();
        boolean loop = false;
        boolean fast = false;
        double speed = 1.0;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--replay" -> {
                    for (String file : value(args, ++i, "--replay").split(",")) {
                        recordings.add(Path.of(file.trim()));
                    }
                }
                case "--loop" -> loop = true;
                case "--fast" -> fast = true;
                case "--speed" -> speed = Double.parseDouble(value(args, ++i, "--speed"));
                default -> usage("unknown argument " + args[i]);
            }
        }
        ReplayOptions options = (fast ? ReplayOptions.fast() : ReplayOptions.recorded()).withSpeed(speed);
        if (loop) {
            options = options.looping();
        }
        ExchangeSimulator simulator = ExchangeSimulator.start(port);
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close, "simulator-shutdown"));
        for (Path file : recordings) {
            Recording recording = Recording.parse(file);
            simulator.replay(recording, options);
            System.out.println("Replaying " + recording.name() + " (" + recording.frames().size() + " frames) once "
                    + recording.binanceStreams().size() + " streams are subscribed");
        }
        System.out.println("Exchange simulator listening on " + simulator.wsUrl());
        new CountDownLatch(1).await();
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            usage(option + " needs a value");
        }
        return args[index];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: SimulatorMain --port N --replay <file>[,<file>] [--loop] [--fast] [--speed X]");
        System.exit(2);
    }
}
