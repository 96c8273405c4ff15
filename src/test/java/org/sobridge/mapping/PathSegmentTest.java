package org.sobridge.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathSegmentTest {

    @ParameterizedTest(name = "[{0}] → [{1}]")
    @CsvSource(delimiter = '|', value = {
        "u-1|u-1",
        "Abc_09.~-|Abc_09.~-",
        "a/b|a%2Fb",
        "a b|a%20b",
        "a?b#c|a%3Fb%23c",
        "100%|100%25",
        "é|%C3%A9",
        "ユ|%E3%83%A6",
        "a+b&c=d;e|a%2Bb%26c%3Dd%3Be",
        ".|%2E",
        "..|%2E%2E",
        "...x|...x",
    })
    void encodesOneSegment(String raw, String encoded) {
        assertEquals(encoded, PathSegment.encode(raw));
    }
}
