package org.sobridge;

import org.apache.camel.main.Main;

/**
 * Starts the bridge on the Camel standalone runtime (camel-main).
 * Configuration comes from ./application.properties, routes from ./routes/*.camel.yaml.
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addConfiguration(BridgeBeans.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        main.run(args);
    }
}
