package org.sobridge.mapping;

import com.fasterxml.jackson.databind.JsonNode;

/** OneSignal tag values are strings; this is how JSON scalars become one. */
public final class TagValues {

    private TagValues() {
    }

    /**
     * null and blank → "" (deletes the tag); numbers → exact plain decimal text; booleans → "true"/"false";
     * strings verbatim. Returns null for objects and arrays, which are not tag values.
     */
    public static String scalar(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isContainerNode()) {
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
