package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.sobridge.json.Json;
import org.sobridge.ops.EventOutcomes;

/** The answer of a readable request, as README documents it. */
class IngestReportTest {

    @Test
    void aDataInAnswerAlwaysListsOmittedTagsAnEmptyListToo() throws Exception {
        IngestReport none = new IngestReport("segment-to-onesignal", "default", 1, false, new EventOutcomes(10));
        assertEquals(Json.mapper().readTree("{\"accepted\":1,\"dropped\":[],\"omittedTags\":[]}"), none.toJson());

        IngestReport some = new IngestReport("segment-to-onesignal", "default", 1, false, new EventOutcomes(10));
        some.omit(0, "m-1", "email", "denied by TAGS_DENY");
        assertEquals(Json.mapper().readTree("{\"accepted\":1,\"dropped\":[],\"omittedTags\":"
                + "[{\"index\":0,\"messageId\":\"m-1\",\"key\":\"email\",\"reason\":\"denied by TAGS_DENY\"}]}"), some.toJson());
    }

    @Test
    void aDataOutAnswerHasNoTagsToReport() {
        assertFalse(new IngestReport("onesignal-to-segment", "onesignal", 1, false, new EventOutcomes(10)).toJson().has("omittedTags"));
    }
}
