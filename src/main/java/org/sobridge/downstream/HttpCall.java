package org.sobridge.downstream;

import com.fasterxml.jackson.core.JsonProcessingException;

/** A JSON request to a downstream API: what {@link PrepareCall} turns into the message camel-http sends. */
public interface HttpCall {

    /** Path relative to the downstream's base URL, already percent-encoded. */
    String path();

    /** The JSON body. */
    byte[] jsonBytes() throws JsonProcessingException;
}
