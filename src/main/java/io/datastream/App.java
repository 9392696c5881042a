package io.datastream;

import org.apache.camel.main.Main;

/** Boots DataStream: camel-main loads application.properties and the YAML routes in routes/. */
public final class App {
    public static void main(String[] args) throws Exception {
        new Main(App.class).run(args);
    }
}
