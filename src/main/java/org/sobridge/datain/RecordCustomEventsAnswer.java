package org.sobridge.datain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.downstream.DownstreamAnswers;
import org.sobridge.downstream.PrepareCall;
import org.sobridge.ingest.Failures;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;
import org.sobridge.ops.BridgeMetrics;
import org.sobridge.ops.KeyRefusals;
import org.sobridge.ops.LogContext;

/**
 * Reads OneSignal's answer to a custom-events call. 2xx: the events without an error were processed; each
 * per-event error of the body ({@code {"errors":[{"event_user_id","event_id","error":{"code","title"}}]}}) is
 * reported under {@code droppedCustomEvents}. 401/403, 408, 429 and 5xx: the request answers 503 so that Segment
 * retries (tags and custom events are idempotent): the request is marked undelivered and the call's messageIds
 * are forgotten so that the retry is not taken for a duplicate. Other 4xx: every event of the call is reported as
 * dropped.
 */
public final class RecordCustomEventsAnswer {

    /** Exchange property holding the {@link CustomEventsCall} being sent. */
    public static final String CALL = "customEventsCall";

    private static final Logger LOG = LoggerFactory.getLogger(RecordCustomEventsAnswer.class);

    /** What a delivered event's outcome says was done. */
    static final String DELIVERED = "custom event sent to OneSignal";

    private final RecentMessageIds seen;
    private final BridgeMetrics metrics;
    private final KeyRefusals keyRefusals;

    /**
     * @param seen        the messageIds taken as delivered (Segment retries of them are skipped)
     * @param keyRefusals a refused key here makes readiness DOWN like a refusal of a tag update
     */
    public RecordCustomEventsAnswer(RecentMessageIds seen, BridgeMetrics metrics, KeyRefusals keyRefusals) {
        this.seen = seen;
        this.metrics = metrics;
        this.keyRefusals = keyRefusals;
    }

    /** OneSignal answered the call. */
    public void answered(Exchange exchange) {
        CustomEventsCall call = exchange.getProperty(CALL, CustomEventsCall.class);
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        metrics.downstreamAnswer("onesignal", String.valueOf(status),
                PrepareCall.startedNanos(exchange));
        if (status >= 200 && status < 300) {
            keyRefusals.accepted("onesignal");
            int attempts = 1 + exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
            for (PendingCustomEvent event : call.events()) {
                report.delivered(event.messageId(), DELIVERED, status, attempts);
            }
            perEventErrors(call, body).forEach(e -> report.note(MapSegmentEvent.DROPPED_CUSTOM_EVENTS, e));
            return;
        }
        String reason = DownstreamAnswers.reason(body);
        if (status == 401 || status == 403) {
            LOG.error("OneSignal refused the API key for custom events (HTTP {}): check the API key and app id. {}",
                    status, reason);
            keyRefusals.refused("onesignal", status, "ONESIGNAL_API_KEY and ONESIGNAL_APP_ID");
            undelivered(call, report, "OneSignal refused the API key (HTTP " + status + ")");
            return;
        }
        if (status == 429 || status == 408 || status >= 500 || status < 200) {
            undelivered(call, report, "OneSignal answered " + status + " to custom events"
                    + (reason.isEmpty() ? "" : ": " + reason));
            return;
        }
        String why = "OneSignal answered " + status + (reason.isEmpty() ? "" : ": " + reason);
        for (PendingCustomEvent event : call.events()) {
            try (LogContext ignored = LogContext.of(report.direction(), event.messageId(), report.source())) {
                LOG.warn("Custom event dropped: {}", why);
            }
            report.note(MapSegmentEvent.DROPPED_CUSTOM_EVENTS,
                    MapSegmentEvent.droppedEntry(event.index(), event.messageId(), why));
        }
    }

    /** No answer (connection error, timeout): the request is answered 503 so that Segment retries. */
    public void failed(Exchange exchange) {
        CustomEventsCall call = exchange.getProperty(CALL, CustomEventsCall.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        undelivered(call, exchange.getProperty(IngestReport.PROPERTY, IngestReport.class),
                "custom event not sent to OneSignal: " + Failures.describe(cause));
    }

    private void undelivered(CustomEventsCall call, IngestReport report, String reason) {
        for (PendingCustomEvent event : call.events()) {
            if (event.messageId() != null) {
                seen.fail(RecentMessageIds.key(event.appId(), event.messageId()));
            }
            report.retryLater(event.messageId(), reason);
        }
    }

    /** The per-event errors of a 2xx answer, matched to the events of the call where possible. */
    static List<ObjectNode> perEventErrors(CustomEventsCall call, String body) {
        JsonNode errors;
        try {
            errors = body == null || body.isBlank() ? null : Json.mapper().readTree(body).get("errors");
        } catch (Exception notJson) {
            return List.of();
        }
        if (errors == null || !errors.isArray()) {
            return List.of();
        }
        List<ObjectNode> entries = new java.util.ArrayList<>();
        for (JsonNode error : errors) {
            String userId = error.path("event_user_id").asText(null);
            String eventId = error.path("event_id").asText(null);
            JsonNode detail = error.path("error");
            String code = detail.path("code").asText("");
            String title = detail.path("title").asText(error.isTextual() ? error.asText() : "");
            String reason = "OneSignal: " + (code.isEmpty() ? "" : code + ": ") + title;
            List<PendingCustomEvent> matches = call.events().stream()
                    .filter(e -> eventId != null && eventId.equals(e.event().event().path("idempotency_key").asText()))
                    .toList();
            if (matches.isEmpty()) {
                matches = call.events().stream()
                        .filter(e -> userId != null && userId.equals(e.event().event().path("external_id").asText()))
                        .toList();
            }
            if (matches.isEmpty()) {
                ObjectNode entry = Json.mapper().createObjectNode();
                if (userId != null) {
                    entry.put("externalId", userId);
                }
                if (eventId != null) {
                    entry.put("eventId", eventId);
                }
                entries.add(entry.put("reason", reason));
            }
            for (PendingCustomEvent match : matches) {
                entries.add(MapSegmentEvent.droppedEntry(match.index(), match.messageId(), reason));
            }
        }
        return entries;
    }
}
