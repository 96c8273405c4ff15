package org.sobridge.security;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.SynchronizationAdapter;
import org.sobridge.ingest.HttpProblem;
import org.sobridge.ingest.RawBody;
import org.sobridge.json.Json;

/**
 * Rejects a Segment webhook request whose X-Signature does not match the raw (decompressed) body (401).
 *
 * <p>A batch signed over its first event only ({@link SegmentSignature.Form#FIRST_EVENT}) proves nothing about the
 * events after the first: anyone who saw one such request could send its first event again with events of their own.
 * So that form is accepted once per first event: its messageId (or, without one, the signature) is remembered in
 * {@code firstEvents}, and a request whose first event is already there is refused (401). A request that was not
 * answered 2xx (503: OneSignal could not take it now; 4xx) forgets it again, so that Segment's retry goes through.
 */
public final class VerifySegmentSignature implements Processor {

    public static final String HEADER = "X-Signature";

    private final SegmentSignature signature;
    private final IdempotentRepository firstEvents;

    /** @param firstEvents the first events accepted in the first-event form (unused when the form is off) */
    public VerifySegmentSignature(SegmentSignature signature, IdempotentRepository firstEvents) {
        this.signature = signature;
        this.firstEvents = firstEvents;
    }

    @Override
    public void process(Exchange exchange) {
        if (!signature.enabled()) {
            return;
        }
        String given = exchange.getMessage().getHeader(HEADER, String.class);
        if (given == null || given.isBlank()) {
            throw HttpProblem.unauthorized("missing X-Signature header");
        }
        byte[] body = RawBody.of(exchange);
        SegmentSignature.Verdict verdict = signature.check(given, body);
        switch (verdict.form()) {
            case BODY -> {
                // the whole body is signed
            }
            case FIRST_EVENT -> acceptFirstEventOnce(exchange, body, verdict, given);
            default -> throw HttpProblem.unauthorized("X-Signature does not match the body");
        }
    }

    private void acceptFirstEventOnce(Exchange exchange, byte[] body, SegmentSignature.Verdict verdict, String given) {
        String key = firstEventKey(body, verdict, given);
        if (!firstEvents.add(key)) {
            throw HttpProblem.unauthorized("X-Signature covers only the first event, and a request with that first "
                    + "event was already accepted: refused as a replay");
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
                if (done.isFailed() || (status != null && (status < 200 || status >= 300))) {
                    firstEvents.remove(key);
                }
            }
        });
    }

    /** The first event's messageId; without one, the signature itself (it stands for the same signed bytes). */
    static String firstEventKey(byte[] body, SegmentSignature.Verdict verdict, String given) {
        try {
            JsonNode first = Json.mapper().readTree(body, verdict.firstStart(), verdict.firstEnd() - verdict.firstStart());
            JsonNode messageId = first == null ? null : first.get("messageId");
            if (messageId != null && messageId.isTextual() && !messageId.asText().isEmpty()) {
                return "messageId:" + messageId.asText();
            }
        } catch (IOException unreadable) {
            // the signed bytes are a well-formed element (the signature check found them): fall through
        }
        return "signature:" + given.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
