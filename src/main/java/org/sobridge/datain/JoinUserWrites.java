package org.sobridge.datain;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.sobridge.ingest.IngestReport;

/**
 * Body: the tag updates of one event ({@code List<OneSignalRequest>}). Each joins its user's open write
 * ({@link UserWrites}); the request remembers the writes it carries and those it waits for, which
 * {@link CollectUserWrites} and {@link AwaitUserWrites} read once all its events are mapped. Runs event after event,
 * so the updates of one user merge in event order.
 */
public final class JoinUserWrites implements Processor {

    /** A write this request sends. */
    public record Carried(UserWrite write) {
    }

    /** A write another request (or an earlier event of this one) sends, which this request waits for. */
    public record Awaited(UserWrite write) {
    }

    private final UserWrites writes;
    private final SegmentSources sources;
    private final MarkOneSignalUnavailable unavailable;

    public JoinUserWrites(UserWrites writes, SegmentSources sources, MarkOneSignalUnavailable unavailable) {
        this.writes = writes;
        this.sources = sources;
        this.unavailable = unavailable;
    }

    private void abandon(UserWrite write) {
        if (write.abandon()) {
            unavailable.report(write, "the request that was to send this update ended first");
            writes.done(write);
            write.complete();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void process(Exchange exchange) {
        IngestReport report = exchange.getProperty(IngestReport.PROPERTY, IngestReport.class);
        String source = exchange.getProperty(SegmentSources.PROPERTY, String.class);
        String appId = sources.of(exchange).appId();
        for (OneSignalRequest update : (List<OneSignalRequest>) exchange.getMessage().getBody(List.class)) {
            String dedupeKey = update.messageId() == null ? null : RecentMessageIds.key(appId, update.messageId());
            Set<String> tags = new LinkedHashSet<>();
            update.body().path("properties").path("tags").fieldNames().forEachRemaining(tags::add);
            UserWrites.Joined joined = writes.join(update, new UserWrite.Share(report, update.index(),
                    update.messageId(), dedupeKey, update.event(), source, tags));
            if (joined.carrier()) {
                report.await(new Carried(joined.write()));
                // should the request end before it sends the write (a failure), the write is not left open
                report.claim(joined.write().name(), delivered -> abandon(joined.write()));
            } else {
                report.await(new Awaited(joined.write()));
            }
        }
    }
}
