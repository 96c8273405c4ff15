package org.sobridge.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * OneSignal Event Streams {@code event.kind} → Segment track event name. Both the current and the older kind
 * spellings are accepted; matching ignores case and surrounding whitespace.
 */
public final class SegmentEventNames {

    /** One row of the table: the Segment event name and the channel of the message. */
    public record EventKind(String segmentName, MessageChannel channel) {
    }

    /**
     * The 16 event names of OneSignal's "Message Events" documentation, in its order: what OneSignal's own Segment
     * integration sends, hence the names sent when SEGMENT_EVENTS is empty. The others of {@link #all()} are sent
     * only when named, or with SEGMENT_EVENTS=all.
     */
    public static final List<String> PRODUCT_TEXT_NAMES = List.of(
            "Push Sent", "Push Received", "Push Clicked",
            "In-App Message Displayed", "In-App Message Clicked", "In-App Message Page Displayed",
            "Email Sent", "Email Opened", "Email Unsubscribed", "Email Received", "Email Reported As Spam",
            "Email Hardbounced", "Email Failed",
            "SMS Sent", "SMS Delivered", "SMS Failed");

    private static final Map<String, EventKind> KINDS = table();
    private static final Set<String> ALL_NAMES = allNames();

    private SegmentEventNames() {
    }

    private static Map<String, EventKind> table() {
        Map<String, EventKind> t = new LinkedHashMap<>();
        MessageChannel push = MessageChannel.PUSH;
        put(t, push, "Push Sent", "message.push.sent");
        put(t, push, "Push Received", "message.push.received");
        put(t, push, "Push Clicked", "message.push.clicked");
        put(t, push, "Push Failed", "message.push.failed");
        put(t, push, "Push Unsubscribed", "message.push.unsubscribed");

        MessageChannel iam = MessageChannel.IN_APP;
        put(t, iam, "In-App Message Displayed", "message.iam.impression", "message.iam.displayed");
        put(t, iam, "In-App Message Clicked", "message.iam.clicked");
        put(t, iam, "In-App Message Page Displayed", "message.iam.page_displayed", "message.iam.pagedisplayed");

        MessageChannel email = MessageChannel.EMAIL;
        put(t, email, "Email Sent", "message.email.sent");
        put(t, email, "Email Received", "message.email.received");
        put(t, email, "Email Opened", "message.email.opened");
        put(t, email, "Email Link Clicked", "message.email.clicked");
        put(t, email, "Email Unsubscribed", "message.email.unsubscribed");
        put(t, email, "Email Reported As Spam", "message.email.reported_as_spam", "message.email.resporedasspam");
        put(t, email, "Email Hardbounced", "message.email.bounced", "message.email.hardbounced");
        put(t, email, "Email Failed", "message.email.failed");
        put(t, email, "Email Suppressed", "message.email.suppressed", "message.email.supressed");

        MessageChannel sms = MessageChannel.SMS;
        put(t, sms, "SMS Sent", "message.sms.sent");
        put(t, sms, "SMS Delivered", "message.sms.delivered");
        put(t, sms, "SMS Failed", "message.sms.failed");
        put(t, sms, "SMS Undelivered", "message.sms.undelivered");

        MessageChannel live = MessageChannel.LIVE_ACTIVITY;
        put(t, live, "Live Activity Sent", "message.live_activity.sent");
        put(t, live, "Live Activity Delivered", "message.live_activity.delivered");
        put(t, live, "Live Activity Unsubscribed", "message.live_activity.unsubscribed");
        put(t, live, "Live Activity Failed", "message.live_activity.failed");
        put(t, live, "Live Activity Clicked", "message.live_activity.clicked");
        return Collections.unmodifiableMap(t);
    }

    private static void put(Map<String, EventKind> table, MessageChannel channel, String name, String... kinds) {
        for (String kind : kinds) {
            table.put(kind, new EventKind(name, channel));
        }
    }

    private static Set<String> allNames() {
        Set<String> names = new LinkedHashSet<>();
        KINDS.values().forEach(k -> names.add(k.segmentName()));
        return Collections.unmodifiableSet(names);
    }

    /** The table row for a kind, or empty when the kind is null, blank or unknown. */
    public static Optional<EventKind> forKind(String kind) {
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(KINDS.get(kind.strip().toLowerCase(Locale.ROOT)));
    }

    /** Every Segment event name the bridge can emit (for validating SEGMENT_EVENTS), in table order. */
    public static Set<String> all() {
        return ALL_NAMES;
    }

    /** Every accepted (lower-case) kind spelling → its row, in table order. */
    public static Map<String, EventKind> kinds() {
        return KINDS;
    }
}
