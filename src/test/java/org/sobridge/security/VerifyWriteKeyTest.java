package org.sobridge.security;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sobridge.ingest.HttpProblem;

class VerifyWriteKeyTest {

    static String basic(String credential) {
        return "Basic " + Base64.getEncoder().encodeToString(credential.getBytes(StandardCharsets.UTF_8));
    }

    /** configured keys | dry-run | Authorization header ('-' = none) | expected 401 message ('ok' = accepted). */
    @ParameterizedTest(name = "keys [{0}], dry-run {1}, {2} → {3}")
    @CsvSource(delimiter = '|', value = {
        "wk1,wk2|false|wk1:|ok",
        "wk1,wk2|false|wk2:ignored-password|ok",
        "wk1,wk2|false|wk2|ok",
        "wk1,wk2|false|wk3:|unknown write key",
        "wk1,wk2|false|:|unknown write key",
        "wk1,wk2|false|-|missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
        "wk1,wk2|true|-|missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
        "''|false|wk1:|the Segment HTTP API is off: no BRIDGE_WRITE_KEYS configured",
        "''|true|-|ok",
    })
    void checksTheWriteKey(String keys, boolean dryRun, String credential, String expected) {
        Set<String> configured = keys.isEmpty() ? Set.of() : Set.of(keys.split(","));
        VerifyWriteKey verify = new VerifyWriteKey(configured, dryRun);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (!credential.equals("-")) {
            exchange.getMessage().setHeader("Authorization", basic(credential));
        }
        if (expected.equals("ok")) {
            assertDoesNotThrow(() -> verify.process(exchange));
        } else {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> verify.process(exchange));
            assertEquals(401, problem.status());
            assertEquals(expected, problem.getMessage());
        }
    }

    /**
     * The write key in the body's top-level "writeKey" (analytics-python 2.3+, analytics-java): header | body |
     * expected. A Basic header wins over the body; another scheme (Segment's OAuth form sends a Bearer token) leaves
     * the body's key to decide.
     */
    @ParameterizedTest(name = "{0} + {1} → {2}")
    @CsvSource(delimiter = '|', value = {
        "-|{\"batch\":[],\"sentAt\":\"2026-12-01T10:00:00Z\",\"writeKey\":\"wk2\"}|ok",
        "-|{\"userId\":\"u\",\"writeKey\":\"wk1\"}|ok",
        "-|{\"batch\":[],\"writeKey\":\"wk3\"}|unknown write key",
        "-|{\"batch\":[],\"writeKey\":\"\"}|unknown write key",
        "-|{\"batch\":[],\"writeKey\":7}|unknown write key",
        "-|{\"batch\":[{\"writeKey\":\"wk1\"}]}|missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
        "-|{\"batch\": [|missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
        "-|''|missing write key: send Authorization: Basic <write key> or \"writeKey\" in the body",
        "Basic d2sxOg==|{\"writeKey\":\"wk3\"}|ok",
        "Basic d2szOg==|{\"writeKey\":\"wk1\"}|unknown write key",
        "Bearer oauth-token|{\"writeKey\":\"wk1\"}|ok",
        "Bearer oauth-token|{\"writeKey\":\"wk3\"}|unknown write key",
    })
    void takesTheWriteKeyFromTheBodyWhenNoBasicHeaderCarriesIt(String header, String body, String expected) {
        VerifyWriteKey verify = new VerifyWriteKey(Set.of("wk1", "wk2"), false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        if (!header.equals("-")) {
            exchange.getMessage().setHeader("Authorization", header);
        }
        exchange.getMessage().setBody(body.getBytes(StandardCharsets.UTF_8));
        if (expected.equals("ok")) {
            assertDoesNotThrow(() -> verify.process(exchange));
        } else {
            HttpProblem problem = assertThrows(HttpProblem.class, () -> verify.process(exchange));
            assertEquals(401, problem.status());
            assertEquals(expected, problem.getMessage());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Bearer wk1", "Basic !!!notbase64", "basic"})
    void malformedHeadersAre401(String header) {
        VerifyWriteKey verify = new VerifyWriteKey(Set.of("wk1"), false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", header);
        assertEquals(401, assertThrows(HttpProblem.class, () -> verify.process(exchange)).status());
    }
}
