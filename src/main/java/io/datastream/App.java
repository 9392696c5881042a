package io.datastream;

import java.util.ArrayList;
import java.util.List;

import io.datastream.control.ControlConfiguration;
import io.datastream.ops.DataStreamConfiguration;
import io.datastream.ops.DataStreamHome;
import org.apache.camel.main.Main;

/**
 * Boots DataStream: camel-main loads application.properties and the YAML routes in routes/, from the working directory,
 * {@code datastream.home} or the jar (see {@link DataStreamHome}).
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
        Main main = newMain();
        // application.properties of the working directory, then of datastream.home, then the packaged one
        DataStreamHome home = DataStreamHome.resolve();
        main.setPropertyPlaceholderLocations(home.propertiesLocationList());
        main.addInitialProperty(DataStreamHome.ROUTES_PATTERN_PROPERTY, home.routesIncludePattern());
        main.run(camelArgs.toArray(String[]::new));
    }

    /**
     * A camel-main with DataStream's configurations named explicitly: scanning the package for them instead means
     * reading every entry of the fat jar and loading every class of the package, seconds of startup for two classes.
     */
    public static Main newMain() {
        Main main = new Main();
        main.configure().addConfiguration(DataStreamConfiguration.class);
        main.configure().addConfiguration(ControlConfiguration.class);
        return main;
    }
}
