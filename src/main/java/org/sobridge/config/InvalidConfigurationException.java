package org.sobridge.config;

/** A configuration value that cannot work; the message names the key, the problem and the expected form. */
public class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String envName, String problem, String expected) {
        super(envName + ": " + problem + "; expected " + expected);
    }
}
