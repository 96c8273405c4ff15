package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class OneSignalToSegmentEventNamesTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            message.push.sent                | Push Sent                     | PUSH
            message.push.received            | Push Received                 | PUSH
            message.push.clicked             | Push Clicked                  | PUSH
            message.push.failed              | Push Failed                   | PUSH
            message.push.unsubscribed        | Push Unsubscribed             | PUSH
            message.iam.impression           | In-App Message Displayed      | IN_APP
            message.iam.displayed            | In-App Message Displayed      | IN_APP
            message.iam.clicked              | In-App Message Clicked        | IN_APP
            message.iam.page_displayed       | In-App Message Page Displayed | IN_APP
            message.iam.pagedisplayed        | In-App Message Page Displayed | IN_APP
            message.email.sent               | Email Sent                    | EMAIL
            message.email.received           | Email Received                | EMAIL
            message.email.opened             | Email Opened                  | EMAIL
            message.email.unsubscribed       | Email Unsubscribed            | EMAIL
            message.email.clicked            | Email Link Clicked            | EMAIL
            message.email.reported_as_spam   | Email Reported As Spam        | EMAIL
            message.email.resporedasspam     | Email Reported As Spam        | EMAIL
            message.email.bounced            | Email Hardbounced             | EMAIL
            message.email.hardbounced        | Email Hardbounced             | EMAIL
            message.email.failed             | Email Failed                  | EMAIL
            message.email.suppressed         | Email Suppressed              | EMAIL
            message.email.supressed          | Email Suppressed              | EMAIL
            message.sms.sent                 | SMS Sent                      | SMS
            message.sms.delivered            | SMS Delivered                 | SMS
            message.sms.failed               | SMS Failed                    | SMS
            message.sms.undelivered          | SMS Undelivered               | SMS
            message.live_activity.sent       | Live Activity Sent            | LIVE_ACTIVITY
            message.live_activity.delivered  | Live Activity Delivered       | LIVE_ACTIVITY
            message.live_activity.unsubscribed | Live Activity Unsubscribed  | LIVE_ACTIVITY
            message.live_activity.failed     | Live Activity Failed          | LIVE_ACTIVITY
            message.live_activity.clicked    | Live Activity Clicked         | LIVE_ACTIVITY
            """)
    void mapsEveryKnownKind(String kind, String name, MessageChannel channel) {
        assertEquals(Optional.of(new SegmentEventNames.EventKind(name, channel)), SegmentEventNames.forKind(kind));
        assertEquals(Optional.of(name), SegmentEventNames.forKind(kind.toUpperCase()).map(SegmentEventNames.EventKind::segmentName));
        assertEquals(Optional.of(name), SegmentEventNames.forKind("  " + kind + "\t\n").map(SegmentEventNames.EventKind::segmentName));
        assertTrue(SegmentEventNames.all().contains(name));
    }

    @ParameterizedTest(name = "[{0}] is unknown")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "message.push", "push.clicked", "message.push.dismissed", "message.sms.opted_out",
            "message.push.clicked.extra", "message.push .clicked", "Push Clicked", "message.email.spam"})
    void unknownKinds(String kind) {
        assertEquals(Optional.empty(), SegmentEventNames.forKind(kind));
    }

    @Test
    void tableSizes() {
        assertEquals(31, SegmentEventNames.kinds().size());
        assertEquals(26, SegmentEventNames.all().size());
        assertEquals(16, SegmentEventNames.PRODUCT_TEXT_NAMES.size());
        assertEquals(16, new HashSet<>(SegmentEventNames.PRODUCT_TEXT_NAMES).size());
    }

    @Test
    void everyProductTextNameIsEmitted() {
        assertTrue(SegmentEventNames.all().containsAll(SegmentEventNames.PRODUCT_TEXT_NAMES),
                () -> "missing: " + SegmentEventNames.PRODUCT_TEXT_NAMES.stream()
                        .filter(n -> !SegmentEventNames.all().contains(n)).toList());
    }

    @Test
    void allNamesAreInTableOrderAndUnmodifiable() {
        List<String> names = List.copyOf(SegmentEventNames.all());
        assertEquals(List.of("Push Sent", "Push Received", "Push Clicked", "Push Failed", "Push Unsubscribed"),
                names.subList(0, 5));
        Set<String> all = SegmentEventNames.all();
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> all.add("X"));
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
                () -> SegmentEventNames.kinds().clear());
    }

    @Test
    void channelsNameTheSubscriptionAndMessageType() {
        assertEquals(List.of("Push", "In-App", "Email", "SMS", "Live Activity"),
                List.of(MessageChannel.values()).stream().map(MessageChannel::subscriptionType).toList());
        assertEquals(List.of("push", "in-app", "email", "sms", "live_activity"),
                List.of(MessageChannel.values()).stream().map(MessageChannel::messageType).toList());
        assertEquals(List.of(MessageChannel.PUSH, MessageChannel.SMS),
                List.of(MessageChannel.values()).stream().filter(MessageChannel::carriesContents).toList());
    }
}
