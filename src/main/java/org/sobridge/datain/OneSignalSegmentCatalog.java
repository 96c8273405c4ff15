package org.sobridge.datain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sobridge.downstream.DownstreamAnswers;
import org.sobridge.downstream.DownstreamUnavailableException;
import org.sobridge.ingest.Failures;
import org.sobridge.ingest.IngestReport;
import org.sobridge.json.Json;

/**
 * The OneSignal segment names this bridge instance knows to exist, per app, and the per-name lock that makes
 * concurrent first events for a new audience create its segment once. The route {@code onesignal-segment} calls
 * these methods around its HTTP calls: {@link #claim}, then (when still unknown) the listing pages
 * ({@link #readPage}) and the creation ({@link #created}), {@link #failed} on an error, {@link #release} always.
 * A failed creation is not remembered, so the next event for that audience tries again.
 */
public final class OneSignalSegmentCatalog {

    /** Exchange properties of the route. */
    public static final String PENDING = "pendingSegment";
    public static final String KNOWN = "segmentKnown";
    public static final String CLAIMED = "segmentClaimed";
    public static final String OFFSET = "segmentListOffset";
    public static final String MORE = "segmentListMore";

    /** OneSignal's page size of the segment list (its maximum). */
    public static final int PAGE_SIZE = 300;
    /** Segment names OneSignal accepts. */
    public static final int MAX_NAME_CHARS = 128;
    /** Answer section listing segment creations and failures. */
    public static final String SEGMENTS = "segments";

    private static final Logger LOG = LoggerFactory.getLogger(OneSignalSegmentCatalog.class);
    private static final int MAX_PAGES = 1000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<String, Semaphore> locks = new ConcurrentHashMap<>();
    private final long lockTimeoutMs;

    public OneSignalSegmentCatalog(long lockTimeoutMs) {
        this.lockTimeoutMs = lockTimeoutMs;
    }

    private static String key(String appId, String name) {
        return appId + '\u0000' + name;
    }

    /** Body: a {@link PendingSegment}. Waits until no other request handles the same name, then says if known. */
    public void claim(Exchange exchange) throws InterruptedException {
        PendingSegment pending = exchange.getMessage().getBody(PendingSegment.class);
        exchange.setProperty(PENDING, pending);
        exchange.setProperty(OFFSET, 0);
        exchange.setProperty(MORE, true);
        if (pending.name().codePointCount(0, pending.name().length()) > MAX_NAME_CHARS) {
            exchange.setProperty(KNOWN, true);
            note(exchange, pending, "failed", "audience key longer than " + MAX_NAME_CHARS
                    + " characters, OneSignal's limit for a segment name");
            return;
        }
        String key = key(pending.appId(), pending.name());
        if (known.contains(key)) {
            exchange.setProperty(KNOWN, true);
            return;
        }
        Semaphore lock = locks.computeIfAbsent(key, k -> new Semaphore(1));
        if (!lock.tryAcquire(lockTimeoutMs, TimeUnit.MILLISECONDS)) {
            // another request is still at it; this one leaves it to that one (or to the next event)
            exchange.setProperty(KNOWN, true);
            LOG.warn("Segment '{}': another request is still creating it; not waiting longer", pending.name());
            return;
        }
        exchange.setProperty(CLAIMED, true);
        exchange.setProperty(KNOWN, known.contains(key));
    }

    /** One page of {@code GET /apps/{app_id}/segments}: remembers every name; stops when the name is found. */
    public void readPage(Exchange exchange) throws Exception {
        PendingSegment pending = exchange.getProperty(PENDING, PendingSegment.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (status < 200 || status >= 300) {
            throw new DownstreamUnavailableException("listing segments: OneSignal answered " + status
                    + reason(body), status);
        }
        JsonNode page = Json.mapper().readTree(body == null ? "{}" : body);
        JsonNode segments = page.path("segments");
        int count = segments.isArray() ? segments.size() : 0;
        for (int i = 0; i < count; i++) {
            JsonNode name = segments.get(i).get("name");
            if (name != null && name.isTextual()) {
                known.add(key(pending.appId(), name.asText()));
            }
        }
        int offset = exchange.getProperty(OFFSET, 0, Integer.class) + count;
        int total = page.path("total_count").asInt(0);
        boolean found = known.contains(key(pending.appId(), pending.name()));
        exchange.setProperty(KNOWN, found);
        exchange.setProperty(OFFSET, offset);
        exchange.setProperty(MORE, !found && count > 0 && offset < total && offset < PAGE_SIZE * MAX_PAGES);
    }

    /** The answer to {@code POST /apps/{app_id}/segments}: 2xx → known from now on; otherwise retried later. */
    public void created(Exchange exchange) {
        PendingSegment pending = exchange.getProperty(PENDING, PendingSegment.class);
        int status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            known.add(key(pending.appId(), pending.name()));
            LOG.info("Created OneSignal segment '{}' for an Engage audience", pending.name());
            note(exchange, pending, "created", null);
            return;
        }
        String why = "OneSignal answered " + status + reason(exchange.getMessage().getBody(String.class));
        LOG.warn("Segment '{}' not created ({}); the next event for this audience tries again", pending.name(), why);
        note(exchange, pending, "failed", why);
    }

    /** Any error while listing or creating: reported, never failing the request; the next event tries again. */
    public void failed(Exchange exchange) {
        PendingSegment pending = exchange.getProperty(PENDING, PendingSegment.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String why = Failures.describe(cause);
        LOG.warn("Segment '{}' not created ({}); the next event for this audience tries again",
                pending == null ? "?" : pending.name(), why);
        if (pending != null) {
            note(exchange, pending, "failed", why);
        }
    }

    public void release(Exchange exchange) {
        PendingSegment pending = exchange.getProperty(PENDING, PendingSegment.class);
        if (pending != null && Boolean.TRUE.equals(exchange.removeProperty(CLAIMED))) {
            locks.get(key(pending.appId(), pending.name())).release();
        }
    }

    /** Body ← the distinct segments the request's audiences need. */
    public static List<PendingSegment> pending(IngestReport report) {
        return report.awaited(PendingSegment.class).stream().distinct().toList();
    }

    private static String reason(String body) {
        String reason = DownstreamAnswers.reason(body);
        return reason.isEmpty() ? "" : ": " + reason;
    }

    private static void note(Exchange exchange, PendingSegment pending, String status, String reason) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        if (report != null) {
            ObjectNode entry = Json.mapper().createObjectNode().put("name", pending.name()).put("status", status);
            if (reason != null) {
                entry.put("reason", reason);
            }
            report.note(SEGMENTS, entry);
        }
    }
}
