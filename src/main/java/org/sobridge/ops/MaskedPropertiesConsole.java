package org.sobridge.ops;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel's "properties" developer console without the secrets. Camel's own console writes every property's value in
 * its JSON form, which the CLI connector copies into ~/.camel/&lt;pid&gt;-status.json every second: the OneSignal API
 * key, the webhook secrets, the write keys and the tokens would be in that file. Registered under the same id, this
 * one shows a secret's key and where it was set, never its value.
 */
public final class MaskedPropertiesConsole extends AbstractDevConsole {

    static final String MASK = "xxxxxx";

    public MaskedPropertiesConsole() {
        super("camel", "properties", "Properties", "The properties loaded by Camel, secrets masked");
    }

    /**
     * True for a key whose value is a credential: Camel's list of sensitive names, and every key whose last part ends
     * in key(s), secret(s), token(s) or password ({@code onesignal.api-key}, {@code segment.shared-secrets},
     * {@code bridge.write-keys}, {@code onesignal.events-token}, {@code source.<name>.onesignal-api-key}, ...).
     */
    public static boolean isSecret(String key) {
        if (SensitiveUtils.containsSensitive(key)) {
            return true;
        }
        String last = key.substring(key.lastIndexOf('.') + 1).replace("-", "").replace("_", "")
                .toLowerCase(Locale.ROOT);
        return last.matches(".*(key|secret|token|password)s?");
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        StringBuilder text = new StringBuilder();
        Properties properties = getCamelContext().getPropertiesComponent().loadProperties();
        properties.stringPropertyNames().stream().sorted().forEach(key -> text.append("    ").append(key).append(" = ")
                .append(isSecret(key) ? MASK : properties.getProperty(key)).append('\n'));
        return text.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        PropertiesComponent component = getCamelContext().getPropertiesComponent();
        JsonObject root = new JsonObject();
        root.put("locations", component.getLocations());
        JsonArray list = new JsonArray();
        Properties properties = component.loadProperties();
        properties.stringPropertyNames().stream().sorted().forEach(key -> {
            boolean secret = isSecret(key);
            JsonObject entry = new JsonObject();
            entry.put("key", key);
            entry.put("value", secret ? MASK : properties.getProperty(key));
            component.getResolvedValue(key).ifPresent(resolved -> {
                if (resolved.source() != null) {
                    entry.put("source", resolved.source());
                }
                if (!secret && resolved.value() != null) {
                    entry.put("value", resolved.value());
                }
            });
            list.add(entry);
        });
        root.put("properties", list);
        return root;
    }
}
