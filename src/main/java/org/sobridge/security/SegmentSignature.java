package org.sobridge.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sobridge.json.Json;

/**
 * Checks Segment's {@code X-Signature}: hex HMAC-SHA1 of the raw (decompressed) request body under a shared secret.
 * Segment's Webhooks (Actions) destination in batch mode signs only the first event: the body is a JSON array and
 * the signature is the HMAC of {@code JSON.stringify(body[0])}, which are exactly the bytes of that element in the
 * body, from its '{' to its matching '}'. That form is accepted too unless it is turned off
 * ({@code segment.first-event-signatures}); since it leaves the rest of the body unsigned, the caller must refuse a
 * first event it already accepted in that form ({@link VerifySegmentSignature}).
 */
public final class SegmentSignature {

    /** Which bytes the signature was found to cover. */
    public enum Form { NONE, BODY, FIRST_EVENT }

    /**
     * The outcome of a check; for {@link Form#FIRST_EVENT}, the signed element is {@code body[firstStart, firstEnd)}.
     */
    public record Verdict(Form form, int firstStart, int firstEnd) {

        static final Verdict NONE = new Verdict(Form.NONE, 0, 0);
        static final Verdict BODY = new Verdict(Form.BODY, 0, 0);
    }

    private final List<String> secrets;
    private final boolean firstEventForm;

    public SegmentSignature(List<String> secrets) {
        this(secrets, true);
    }

    /** @param firstEventForm whether a batch signed over its first event only is accepted */
    public SegmentSignature(List<String> secrets, boolean firstEventForm) {
        this.secrets = secrets.stream().filter(s -> !s.isEmpty()).toList();
        this.firstEventForm = firstEventForm;
    }

    public boolean enabled() {
        return !secrets.isEmpty();
    }

    public boolean valid(String signature, byte[] rawBody) {
        return !enabled() || check(signature, rawBody).form() != Form.NONE;
    }

    /** Which form the signature matches, if any (a disabled check is not asked: see {@link #enabled()}). */
    public Verdict check(String signature, byte[] rawBody) {
        if (signature == null || signature.isBlank() || rawBody == null) {
            return Verdict.NONE;
        }
        String given = signature.trim().toLowerCase(Locale.ROOT);
        if (matches(given, rawBody)) {
            return Verdict.BODY;
        }
        if (!firstEventForm) {
            return Verdict.NONE;
        }
        int[] range = firstElement(rawBody);
        if (range == null || !matches(given, Arrays.copyOfRange(rawBody, range[0], range[1]))) {
            return Verdict.NONE;
        }
        return new Verdict(Form.FIRST_EVENT, range[0], range[1]);
    }

    private boolean matches(String given, byte[] signed) {
        boolean ok = false;
        for (String secret : secrets) {
            // no early exit: every secret costs the same
            ok |= Hmac.constantTimeEquals(Hmac.sha1Hex(secret, signed), given);
        }
        return ok;
    }

    /**
     * Where the first element of a top-level JSON array of objects lies in the body: {start, end} with start at its
     * '{' and end just past its matching '}' (the streaming parser's byte offsets; strings, escapes and nesting are
     * the parser's business). Null when the body is not such an array or the element is not well formed. The rest of
     * the body is not read.
     */
    static int[] firstElement(byte[] body) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            long start = parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            if (parser.currentToken() != JsonToken.END_OBJECT) {
                return null;
            }
            long end = parser.currentTokenLocation().getByteOffset() + 1;
            if (start < 0 || end > body.length || body[(int) start] != '{' || body[(int) end - 1] != '}') {
                return null;
            }
            return new int[] {(int) start, (int) end};
        } catch (IOException notJson) {
            return null;
        }
    }
}
