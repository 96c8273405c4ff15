package org.sobridge;

import org.apache.camel.main.Main;
import org.sobridge.config.InvalidConfigurationException;
import org.sobridge.datain.DataInBeans;
import org.sobridge.dataout.DataOutBeans;

/**
 * Starts the bridge on the Camel standalone runtime (camel-main).
 * Configuration comes from ./application.properties, routes from ./routes/*.camel.yaml.
 */
public final class Application {

    /** Exit status when a configuration value cannot work. */
    public static final int EXIT_BAD_CONFIGURATION = 2;

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Main main = configure(new Main());
        try {
            main.run(args);
        } catch (Exception e) {
            InvalidConfigurationException bad = configurationProblem(e);
            if (bad == null) {
                throw e;
            }
            // one line naming the key, not a stack trace
            System.err.println("segment-onesignal-bridge: configuration error: " + bad.getMessage());
            System.exit(EXIT_BAD_CONFIGURATION);
        }
    }

    /** The bridge's wiring (shared plumbing first, then each direction) and its ./application.properties. */
    public static Main configure(Main main) {
        main.configure().addConfiguration(BridgeBeans.class);
        main.configure().addConfiguration(DataInBeans.class);
        main.configure().addConfiguration(DataOutBeans.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        return main;
    }

    private static InvalidConfigurationException configurationProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException bad) {
                return bad;
            }
        }
        return null;
    }
}
