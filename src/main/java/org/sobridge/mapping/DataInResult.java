package org.sobridge.mapping;

import java.util.List;
import java.util.Map;

/** What one Segment event becomes on the OneSignal side. */
public sealed interface DataInResult {

    /** The event is not sent; the reason is reported to the caller and counted. */
    record Dropped(String reason, List<OmittedKey> omitted) implements DataInResult {
        public Dropped {
            omitted = List.copyOf(omitted);
        }
    }

    /**
     * Tag updates for one user, in chunks that each respect OneSignal's per-request limit.
     * Each chunk is one PATCH; together they write every tag.
     */
    record TagUpdate(String userId, List<Map<String, String>> chunks, List<OmittedKey> omitted)
            implements DataInResult {
        public TagUpdate {
            chunks = List.copyOf(chunks);
            omitted = List.copyOf(omitted);
        }
    }
}
