package org.sobridge.mapping;

import java.nio.charset.StandardCharsets;

/** Percent-encodes a value as exactly one URL path segment (RFC 3986: only unreserved characters stay). */
public final class PathSegment {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private PathSegment() {
    }

    public static String encode(String value) {
        if (value.equals(".") || value.equals("..")) {
            // would be read as "this/parent directory" by URL normalisation
            return value.replace(".", "%2E");
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
