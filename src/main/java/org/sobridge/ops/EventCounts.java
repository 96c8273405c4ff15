package org.sobridge.ops;

import java.util.List;

/** What the metrics count of a request or a Kafka poll: its direction, events received, accepted, drop reasons. */
public interface EventCounts {

    String direction();

    int received();

    int accepted();

    /** One reason per dropped event. */
    List<String> dropReasons();
}
