package org.sobridge.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in plain words what is wrong with a JSON text that did not parse, and where (line, column), for the error
 * answers: Jackson's own messages name its internals ("VALUE_STRING", "close marker", "Source: REDACTED
 * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled)").
 */
public final class JsonSyntax {

    private static final Pattern UNEXPECTED = Pattern.compile("^Unexpected character \\((.+) \\(code (\\d+)\\)\\)(.*)$",
            Pattern.DOTALL);
    private static final Pattern UNRECOGNIZED = Pattern.compile("^Unrecognized token '(.*)': was expecting", Pattern.DOTALL);
    private static final Pattern START = Pattern.compile("(?:start marker at|starting at) \\[.*?line: (\\d+), column: (\\d+)\\]");
    private static final Pattern CONTROL = Pattern.compile("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern BETWEEN = Pattern.compile("^Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)");
    private static final Pattern CLOSE = Pattern.compile("^Unexpected close marker '(.)'(?:: expected '(.)')?");
    private static final Pattern UTF8 = Pattern.compile("^Invalid UTF-8 (?:start|middle) byte (0x[0-9a-fA-F]+)");
    private static final Pattern SOURCE = Pattern.compile("\\s*\\(?\\[Source: [^\\]]*\\]\\)?");
    private static final int SHOWN = 40;

    private JsonSyntax() {
    }

    /**
     * E.g. "body is not valid JSON at line 1, column 7: it ends before the object that starts at line 1, column 1
     * is closed with '}' (cut short?)".
     *
     * @param subject what did not parse, e.g. "body"
     */
    public static String describe(String subject, JacksonException e) {
        return subject + " is not valid JSON" + where(e.getLocation()) + ": " + what(e);
    }

    /** What is wrong, without where (for a caller that says where itself, e.g. the line of an NDJSON body). */
    public static String what(JacksonException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof JsonEOFException || message.startsWith("Unexpected end-of-input")) {
            return endedEarly(message);
        }
        Matcher m = UNEXPECTED.matcher(message);
        if (m.find()) {
            String character = printable(Integer.parseInt(m.group(2)));
            String rest = m.group(3);
            if (rest.startsWith(" in numeric value")) {
                return "unexpected character " + character + " in a number";
            }
            return "unexpected character " + character + expected(rest);
        }
        m = UNRECOGNIZED.matcher(message);
        if (m.find()) {
            return "unexpected word '" + shorten(m.group(1)) + "'; a value is a string in double quotes, a number, "
                    + "an object, an array, true, false or null";
        }
        m = CONTROL.matcher(message);
        if (m.find()) {
            return "a control character (code " + m.group(1) + ") inside a string; write it escaped, e.g. \\n or \\u0001";
        }
        m = BETWEEN.matcher(message);
        if (m.find()) {
            return "a control character (code " + m.group(1) + ") between values; only spaces, tabs and line breaks "
                    + "may stand there";
        }
        m = CLOSE.matcher(message);
        if (m.find()) {
            if (m.group(2) != null) {
                return "'" + m.group(1) + "' where '" + m.group(2) + "' was expected to close "
                        + (m.group(2).equals("}") ? "an object" : "an array") + at(message);
            }
            return "'" + m.group(1) + "' closes " + (m.group(1).equals("}") ? "an object" : "an array")
                    + " that was not opened";
        }
        m = UTF8.matcher(message);
        if (m.find()) {
            return "not UTF-8 (byte " + m.group(1).toLowerCase(Locale.ROOT) + ")";
        }
        if (message.startsWith("Trailing token")) {
            return "more data after the end of the JSON value";
        }
        if (message.startsWith("Invalid numeric value") || message.startsWith("Numeric value")) {
            return "invalid number: " + firstSentence(message.substring(message.indexOf(':') + 1).trim());
        }
        return firstSentence(SOURCE.matcher(message).replaceAll(""));
    }

    private static String endedEarly(String message) {
        if (message.contains("close marker for Object") || message.contains("between Object entries")) {
            return "it ends before the object" + at(message) + " is closed with '}' (cut short?)";
        }
        if (message.contains("close marker for Array") || message.contains("between Array entries")) {
            return "it ends before the array" + at(message) + " is closed with ']' (cut short?)";
        }
        if (message.contains("VALUE_STRING") || message.contains("String value") || message.contains("for name")
                || message.contains("field name")) {
            return "it ends inside a string (cut short?)";
        }
        return "it ends before the JSON value is complete (cut short?)";
    }

    /** " that starts at line L, column C" when Jackson's message says where the object or array starts. */
    private static String at(String message) {
        Matcher start = START.matcher(message);
        return start.find() ? " that starts at line " + start.group(1) + ", column " + start.group(2) : "";
    }

    /** Jackson's "was expecting ..." in plain words. */
    private static String expected(String rest) {
        if (rest.contains("expected a valid value")) {
            return " where a value was expected";
        }
        int at = rest.indexOf("was expecting ");
        if (at < 0) {
            return "";
        }
        String what = rest.substring(at + "was expecting ".length()).trim();
        if (what.startsWith("double-quote to start field name")) {
            return " where a field name in double quotes was expected";
        }
        if (what.startsWith("a colon to separate field name and value")) {
            return " where ':' was expected after a field name";
        }
        if (what.startsWith("comma to separate Object entries")) {
            return " where ',' or '}' was expected";
        }
        if (what.startsWith("comma to separate Array entries")) {
            return " where ',' or ']' was expected";
        }
        return " where a value was expected";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String printable(int code) {
        if (code < 0x20 || code == 0x7f) {
            return "(code " + code + ")";
        }
        return "'" + new String(Character.toChars(code)) + "'";
    }

    private static String shorten(String text) {
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "..." : text;
    }

    /** The first line of a message, without Jackson's "was expecting" list, starting in lower case. */
    private static String firstSentence(String text) {
        String line = text.lines().findFirst().orElse("").trim();
        int cut = line.indexOf(": was expecting");
        line = cut < 0 ? line : line.substring(0, cut);
        if (line.isEmpty()) {
            return "not valid JSON";
        }
        line = line.length() > 3 * SHOWN ? line.substring(0, 3 * SHOWN) + "..." : line;
        return Character.toLowerCase(line.charAt(0)) + line.substring(1);
    }
}
