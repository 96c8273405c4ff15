package org.sobridge.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Settings as the bridge sees them: ./application.properties (its defaults) under the test's own values. */
final class FileSettings {

    private static final Pattern ENV_DEFAULT = Pattern.compile("\\{\\{env:[A-Z_]+:([^}]*)}}");

    private FileSettings() {
    }

    static Settings of(Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>(defaults());
        values.putAll(overrides);
        return new Settings(values::get);
    }

    static Map<String, String> defaults() {
        Properties file = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            file.load(reader);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> values = new HashMap<>();
        for (String key : file.stringPropertyNames()) {
            Matcher env = ENV_DEFAULT.matcher(file.getProperty(key));
            values.put(key, env.matches() ? env.group(1) : file.getProperty(key));
        }
        return values;
    }
}
