package org.sobridge.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SegmentSignatureTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hmacSha1HexMatchesAKnownVector() {
        // RFC 2202 test case 2
        assertEquals("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
                Hmac.sha1Hex("Jefe", bytes("what do ya want for nothing?")));
    }

    @Test
    void acceptsTheSignatureOfTheRawBodyInAnyCase() {
        SegmentSignature signature = new SegmentSignature(List.of("k"));
        byte[] body = bytes("{\"type\":\"identify\"}");
        String hex = Hmac.sha1Hex("k", body);
        assertTrue(signature.valid(hex, body));
        assertTrue(signature.valid(hex.toUpperCase(), body));
        assertTrue(signature.valid(" " + hex + " ", body));
    }

    @Test
    void rejectsWrongMissingOrOtherSecretSignatures() {
        SegmentSignature signature = new SegmentSignature(List.of("k"));
        byte[] body = bytes("{\"a\":1}");
        assertFalse(signature.valid(Hmac.sha1Hex("other", body), body));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes("{\"a\":2}")), body));
        assertFalse(signature.valid(null, body));
        assertFalse(signature.valid("", body));
        assertFalse(signature.valid("zz", body));
    }

    @Test
    void anyOfSeveralSecretsIsAccepted() {
        SegmentSignature signature = new SegmentSignature(List.of("one", "two"));
        byte[] body = bytes("{}");
        assertTrue(signature.valid(Hmac.sha1Hex("two", body), body));
        assertTrue(signature.valid(Hmac.sha1Hex("one", body), body));
    }

    @Test
    void batchSignedOverTheFirstElementIsAccepted() {
        SegmentSignature signature = new SegmentSignature(List.of("k"));
        String first = "{\"type\":\"track\",\"userId\":\"u\",\"properties\":{\"n\":1}}";
        byte[] body = bytes("[ " + first + ", {\"type\":\"track\"} ]");
        assertTrue(signature.valid(Hmac.sha1Hex("k", bytes(first)), body));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes("{\"type\":\"track\"}")), body));
    }

    /**
     * Segment signs {@code JSON.stringify(body[0])}: {@code 1.5e-7} with a lower-case exponent, the control character
     * U+001F as a six-character escape with lower-case hex digits and an emoji as raw UTF-8. Jackson would write
     * {@code 1.5E-7} and upper-case hex digits, so only the element's own bytes in the body give Segment's signature.
     */
    @Test
    void batchSignedOverTheFirstElementAsJsonStringifyWritesItIsAccepted() {
        SegmentSignature signature = new SegmentSignature(List.of("k"));
        String first = "{\"type\":\"track\",\"userId\":\"u\",\"messageId\":\"m-1\","
                + "\"properties\":{\"ratio\":1.5e-7,\"sep\":\"a\\u001fb\",\"mood\":\"\uD83D\uDE00\"}}";
        String hex = Hmac.sha1Hex("k", bytes(first));
        assertTrue(signature.valid(hex, bytes("[" + first + ",{\"type\":\"track\",\"userId\":\"v\"}]")));
        assertTrue(signature.valid(hex, bytes(" [\n  " + first + " ,\n {\"type\":\"track\"}\n] ")));
        assertTrue(signature.valid(hex, bytes("[" + first + "]")));
    }

    @Test
    void theFirstElementsBytesAreExactlyFromItsBraceToItsBrace() {
        SegmentSignature signature = new SegmentSignature(List.of("k"));
        String first = "{\"a\":{\"b\":[1,{\"c\":\"}\"}]},\"d\":\"{\"}";
        byte[] body = bytes("[ " + first + " , {\"x\":1} ]");
        assertTrue(signature.valid(Hmac.sha1Hex("k", bytes(first)), body));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes(" " + first)), body));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes(first + " ")), body));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes(first + " ,")), body));
        // not an array of objects, or not JSON at all: no first-event form
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes("\"s\"")), bytes("[\"s\",{}]")));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes("{\"a\":1")), bytes("[{\"a\":1")));
        assertFalse(signature.valid(Hmac.sha1Hex("k", bytes("{}")), bytes("{\"batch\":[{}]}")));
    }

    @Test
    void theFirstEventFormCanBeTurnedOff() {
        SegmentSignature strict = new SegmentSignature(List.of("k"), false);
        String first = "{\"type\":\"track\"}";
        byte[] body = bytes("[" + first + ",{}]");
        assertFalse(strict.valid(Hmac.sha1Hex("k", bytes(first)), body));
        assertTrue(strict.valid(Hmac.sha1Hex("k", body), body));
        assertEquals(SegmentSignature.Form.FIRST_EVENT,
                new SegmentSignature(List.of("k"), true).check(Hmac.sha1Hex("k", bytes(first)), body).form());
        assertEquals(SegmentSignature.Form.BODY,
                new SegmentSignature(List.of("k"), true).check(Hmac.sha1Hex("k", body), body).form());
    }

    @Test
    void disabledWithoutSecretsAndEmptySecretsIgnored() {
        assertFalse(new SegmentSignature(List.of("")).enabled());
        assertTrue(new SegmentSignature(List.of()).valid(null, bytes("x")));
    }

    @Test
    void constantTimeEqualsHandlesNulls() {
        assertFalse(Hmac.constantTimeEquals(null, "a"));
        assertFalse(Hmac.constantTimeEquals("a", null));
        assertTrue(Hmac.constantTimeEquals("abc", "abc"));
        assertFalse(Hmac.constantTimeEquals("abc", "abd"));
    }
}
