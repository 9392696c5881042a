package io.datastream;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.main.Main;

/**
 * Boots DataStream: camel-main loads application.properties and the YAML routes in routes/.
 * {@code --demo} replays the bundled recording offline and prints what lands in Redis.
 */
public final class App {

    private App() {
    }

    public static void main(String[] args) throws Exception {
        List<String> camelArgs = new ArrayList<>();
        for (String arg : args) {
            if ("--demo".equals(arg)) {
                System.setProperty("datastream.demo", "true");
            } else {
                camelArgs.add(arg);
            }
        }
        Main main = new Main(App.class);
        // the packaged defaults, then application.properties in the working directory (later wins)
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties;optional=true,file:application.properties;optional=true");
        main.run(camelArgs.toArray(String[]::new));
    }
}
