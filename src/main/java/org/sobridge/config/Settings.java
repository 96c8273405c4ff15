package org.sobridge.config;

import java.net.URI;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads and checks raw configuration values. Every key is looked up by its property name
 * ({@code onesignal.app-id}); messages name the environment variable that overrides it ({@code ONESIGNAL_APP_ID}).
 */
public final class Settings {

    private final Function<String, String> lookup;

    public Settings(Function<String, String> lookup) {
        this.lookup = lookup;
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The trimmed value, or "" when unset. */
    public String text(String key) {
        String value = lookup.apply(key);
        return value == null ? "" : value.trim();
    }

    /** The trimmed value; empty or unset stops start-up (application.properties gives every default). */
    public String required(String key, String expected) {
        String value = text(key);
        if (value.isEmpty()) {
            throw new InvalidConfigurationException(envName(key), "empty", expected);
        }
        return value;
    }

    public int positiveInt(String key) {
        String value = required(key, "a whole number greater than 0");
        try {
            int parsed = Integer.parseInt(value);
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigurationException(envName(key), "'" + value + "' is not a positive whole number",
                "a whole number greater than 0");
    }

    /** A whole number from 1 to {@code max}. */
    public int positiveInt(String key, int max) {
        int value = positiveInt(key);
        if (value > max) {
            throw new InvalidConfigurationException(envName(key), "'" + value + "' is over " + max,
                    "a whole number from 1 to " + max);
        }
        return value;
    }

    /** A TCP port: a whole number from 0 (any free port) to 65535. */
    public int port(String key) {
        String expected = "a port number from 0 to 65535 (0: any free port)";
        String value = required(key, expected);
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 0 && parsed <= 65535) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidConfigurationException(envName(key), "'" + value + "' is not a port number", expected);
    }

    /** An explicit true/false, or null when unset. */
    public Boolean optionalBoolean(String key) {
        String value = text(key).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "" -> null;
            case "true", "yes", "on", "1" -> Boolean.TRUE;
            case "false", "no", "off", "0" -> Boolean.FALSE;
            default -> throw new InvalidConfigurationException(envName(key), "'" + value + "' is not a boolean",
                    "true or false");
        };
    }

    public boolean bool(String key) {
        Boolean value = optionalBoolean(key);
        if (value == null) {
            throw new InvalidConfigurationException(envName(key), "empty", "true or false");
        }
        return value;
    }

    /** An http(s) base URL; {@code fallback} when the setting is empty (null: the setting is required). */
    public URI httpUrl(String key, String fallback) {
        String value = fallback == null ? required(key, "an http(s) base URL") : text(key);
        value = value.isEmpty() ? fallback : value;
        try {
            URI uri = URI.create(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && (uri.getRawQuery() == null) && (uri.getRawFragment() == null)) {
                return uri;
            }
        } catch (IllegalArgumentException ignored) {
            // reported below
        }
        throw new InvalidConfigurationException(envName(key), "'" + value + "' is not an http(s) base URL",
                "a URL such as https://api.example.com (no query or fragment)");
    }

    /** A comma list, trimmed, without blanks, in the order given. */
    public Set<String> list(String key) {
        return Arrays.stream(text(key).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        String value = required(key, Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(" or ")));
        for (E candidate : type.getEnumConstants()) {
            if (candidate.name().equalsIgnoreCase(value)) {
                return candidate;
            }
        }
        String expected = Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(" or "));
        throw new InvalidConfigurationException(envName(key), "'" + value + "' is not a known value", expected);
    }
}
