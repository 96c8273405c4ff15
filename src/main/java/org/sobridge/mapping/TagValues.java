package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/** OneSignal tag values are strings; this is how JSON scalars become one. */
public final class TagValues {

    /** Longest plain decimal text a number may become; 1e999999999 would otherwise need a gigabyte. */
    public static final int MAX_NUMBER_DIGITS = 1000;

    private TagValues() {
    }

    /** True for a number whose plain decimal text would be longer than {@link #MAX_NUMBER_DIGITS}. */
    public static boolean tooLong(JsonNode value) {
        if (value == null || !value.isNumber() || value.isIntegralNumber()) {
            return false;
        }
        java.math.BigDecimal decimal = value.decimalValue();
        return Math.abs((long) decimal.scale()) + decimal.precision() > MAX_NUMBER_DIGITS;
    }

    /**
     * null and blank → "" (deletes the tag); numbers → exact plain decimal text; booleans → "true"/"false";
     * strings verbatim. Returns null for objects, arrays and numbers too long to write ({@link #tooLong}).
     */
    public static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isContainerNode() || tooLong(value)) {
            return null;
        }
        if (value.isNumber()) {
            if (value.isIntegralNumber()) {
                return value.bigIntegerValue().toString();
            }
            return value.decimalValue().toPlainString();
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? "true" : "false";
        }
        String text = value.asText();
        return text.isBlank() ? "" : text;
    }
}
