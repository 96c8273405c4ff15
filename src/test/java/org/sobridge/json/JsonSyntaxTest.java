package org.sobridge.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JacksonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a sender reads when its JSON does not parse: what is wrong and where, never Jackson's internals. */
class JsonSyntaxTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{\"type\":\"identify\",\"userId\":\"u|at line 1, column 31: it ends inside a string (cut short?)",
        "{\"a\":1|at line 1, column 7: it ends before the object that starts at line 1, column 1 is closed with '}' (cut short?)",
        "[1,2|at line 1, column 5: it ends before the array that starts at line 1, column 1 is closed with ']' (cut short?)",
        "{\"a\":[1,|at line 1, column 9: it ends before the array is closed with ']' (cut short?)",
        "{\"a\":|at line 1, column 6: it ends before the object is closed with '}' (cut short?)",
        "{\"a\":1,}|at line 1, column 8: unexpected character '}' where a field name in double quotes was expected",
        "{\"a\" 1}|at line 1, column 6: unexpected character '1' where ':' was expected after a field name",
        "[1 2]|at line 1, column 4: unexpected character '2' where ',' or ']' was expected",
        "{\"a\":1 \"b\":2}|at line 1, column 8: unexpected character '\"' where ',' or '}' was expected",
        "`'single'`|at line 1, column 1: unexpected character ''' where a value was expected",
        "{\"a\":tru}|at line 1, column 10: unexpected word 'tru'; a value is a string in double quotes, a number, an object, an array, true, false or null",
        "{\"a\":[}|at line 1, column 7: '}' where ']' was expected to close an array that starts at line 1, column 6",
        "{\"a\":1}}|at line 1, column 8: '}' closes an object that was not opened",
        "{\"a\":1}{\"b\":2}|at line 1, column 8: more data after the end of the JSON value",
        "{\"a\":-}|at line 1, column 7: unexpected character '}' in a number",
        "{\"a\":01}|at line 1, column 7: invalid number: leading zeroes not allowed",
    })
    void saysWhatIsWrongAndWhere(String text, String expected) {
        assertEquals("body is not valid JSON " + expected, describe(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "code {0}")
    @CsvSource({"10", "1"})
    void aRawControlCharacterInAStringIsNamedByItsCode(int code) {
        String text = "{\"a\":\"x" + (char) code + "y\"}";
        assertEquals("body is not valid JSON at line 1, column 8: a control character (code " + code
                + ") inside a string; write it escaped, e.g. \\n or \\u0001", describe(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"255", "128"})
    void invalidUtf8IsNamedByItsByte(int value) {
        String message = describe(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) value, '"', '}'});
        assertEquals("body is not valid JSON at line 1, column 8: not UTF-8 (byte 0x" + Integer.toHexString(value) + ")",
                message);
        assertFalse(message.contains("Source"), message);
    }

    static String describe(byte[] body) {
        JacksonException e = assertThrows(JacksonException.class, () -> Json.mapper().readTree(body));
        String message = JsonSyntax.describe("body", e);
        for (String internal : new String[] {"Source", "REDACTED", "StreamReadFeature", "VALUE_STRING", "marker", "CTRL-CHAR"}) {
            assertFalse(message.contains(internal), message);
        }
        return message;
    }
}
