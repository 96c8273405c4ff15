package org.sobridge.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.config.InvalidConfigurationException;

/**
 * A port another process took after the check before start-up: Vert.x only logs its failed bind and Camel starts;
 * the start-up listener stops the start with one line naming the port and its variable.
 */
class ListeningPortsTest {

    @ParameterizedTest(name = "{0} server")
    @CsvSource({"server,BRIDGE_PORT", "management,BRIDGE_MANAGEMENT_PORT"})
    void aServerThatCouldNotBindItsPortStopsTheStart(String serverType, String variable) throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
            configuration.setBindHost("127.0.0.1");
            configuration.setBindPort(held.getLocalPort());
            configuration.setServerType(serverType);
            CamelContext context = new DefaultCamelContext();
            // started eagerly, as camel-main starts its HTTP servers
            context.addService(new VertxPlatformHttpServer(configuration), true, true);
            context.addStartupListener(new ListeningPorts());
            // Camel calls start-up listeners once the routes are warmed up
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:any").log("any");
                }
            });
            try {
                Exception failed = assertThrows(Exception.class, context::start);
                InvalidConfigurationException bad = cause(failed);
                assertEquals(variable + ": cannot listen on 127.0.0.1:" + held.getLocalPort()
                        + " (Address already in use); expected a port no other process uses", bad.getMessage());
            } finally {
                context.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"BRIDGE_PORT", "BRIDGE_MANAGEMENT_PORT"})
    void aHeldPortIsRefusedBeforeCamelBindsIt(String variable) throws Exception {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            InvalidConfigurationException bad = assertThrows(InvalidConfigurationException.class,
                    () -> ListeningPorts.requireFree(variable, "127.0.0.1", held.getLocalPort()));
            assertEquals(variable + ": cannot listen on 127.0.0.1:" + held.getLocalPort()
                    + " (Address already in use); expected a port no other process uses", bad.getMessage());
        }
        ListeningPorts.requireFree(variable, "127.0.0.1", 0);
    }

    private static InvalidConfigurationException cause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidConfigurationException bad) {
                return bad;
            }
        }
        throw new AssertionError("no InvalidConfigurationException in the causes of " + e, e);
    }

}
