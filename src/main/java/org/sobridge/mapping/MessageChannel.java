package org.sobridge.mapping;

/** The OneSignal channel a message event belongs to, as the Segment properties name it. */
public enum MessageChannel {
    PUSH("Push", "push", true),
    IN_APP("In-App", "in-app", false),
    EMAIL("Email", "email", false),
    SMS("SMS", "sms", true),
    LIVE_ACTIVITY("Live Activity", "live_activity", false);

    private final String subscriptionType;
    private final String messageType;
    private final boolean carriesContents;

    MessageChannel(String subscriptionType, String messageType, boolean carriesContents) {
        this.subscriptionType = subscriptionType;
        this.messageType = messageType;
        this.carriesContents = carriesContents;
    }

    /** The {@code subscription_type} property: "Push", "In-App", "Email", "SMS", "Live Activity". */
    public String subscriptionType() {
        return subscriptionType;
    }

    /** The {@code message_type} property when the event does not say: "push", "in-app", "email", "sms", "live_activity". */
    public String messageType() {
        return messageType;
    }

    /** Whether {@code message_contents} is sent: push and SMS only (an email body is never provided). */
    public boolean carriesContents() {
        return carriesContents;
    }
}
