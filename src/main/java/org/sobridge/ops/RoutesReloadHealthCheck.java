package org.sobridge.ops;

import java.util.Map;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.camel.spi.ReloadStrategy;

/**
 * Shows in /observe/health whether the last hot reload of routes/ failed. The bridge stays UP — the previous
 * routes keep serving — but the details say which edit was refused and why.
 */
public final class RoutesReloadHealthCheck extends AbstractHealthCheck {

    public RoutesReloadHealthCheck() {
        super("bridge", "routes-reload");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        ReloadStrategy reload = getCamelContext().hasService(ReloadStrategy.class);
        if (reload == null) {
            builder.detail("reload", "disabled");
            return;
        }
        builder.detail("reloads", reload.getReloadCounter());
        builder.detail("failedReloads", reload.getFailedCounter());
        Exception last = reload.getLastError();
        if (last != null) {
            builder.message("last reload of routes/ failed, the previous routes keep serving: " + describe(last));
            builder.detail("lastReloadError", describe(last));
        }
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null && text.length() < 1000; t = t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getMessage());
        }
        return text.toString();
    }
}
