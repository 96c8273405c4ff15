package org.sobridge.mapping;

import java.util.Locale;

/** "Add to Cart" → "add_to_cart": lower case, every run of other characters than letters and digits → "_". */
public final class SnakeCase {

    private SnakeCase() {
    }

    public static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean pendingUnderscore = false;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isLetterOrDigit(cp)) {
                if (pendingUnderscore && out.length() > 0) {
                    out.append('_');
                }
                pendingUnderscore = false;
                out.appendCodePoint(cp);
            } else {
                pendingUnderscore = true;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }
}
