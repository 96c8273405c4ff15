package org.sobridge.ops;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which downstream currently refuses the bridge's credentials (401/403), until it accepts them again. Shown in
 * /observe/health: that direction cannot deliver until an operator fixes the key.
 */
public final class KeyRefusals {

    private final Map<String, String> refused = new ConcurrentHashMap<>();

    /** @param fix the setting to correct, e.g. "ONESIGNAL_API_KEY" */
    public void refused(String downstream, int status, String fix) {
        refused.put(downstream, downstream + " refused the credentials (HTTP " + status + "): check " + fix);
    }

    public void accepted(String downstream) {
        refused.remove(downstream);
    }

    public boolean isRefused(String downstream) {
        return refused.containsKey(downstream);
    }

    /** downstream → what to fix, for every downstream refusing the credentials now. */
    public Map<String, String> current() {
        return Map.copyOf(refused);
    }
}
