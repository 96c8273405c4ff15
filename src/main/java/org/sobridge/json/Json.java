package org.sobridge.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** The one JSON configuration the bridge uses: exact decimals, bounded nesting. */
public final class Json {

    /** Deeper documents are rejected as bad input instead of risking a stack overflow. */
    public static final int MAX_NESTING_DEPTH = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build());
    }

    private static final ObjectReader CONTROL_CHARS_READER =
            MAPPER.reader().with(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);

    private Json() {
    }

    /**
     * Reads like {@link #mapper()}, but also takes raw control characters (a newline, a tab, U+0000-U+001F) inside
     * strings, which a template that pastes texts verbatim into JSON strings produces. Everything else that is not
     * JSON is still refused.
     */
    public static ObjectReader controlCharsReader() {
        return CONTROL_CHARS_READER;
    }

    /** Shared, thread-safe and never reconfigured after class initialisation. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
