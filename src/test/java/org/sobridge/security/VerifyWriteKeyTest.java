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
        "wk1,wk2|false|-|missing Authorization: Basic <write key>",
        "wk1,wk2|true|-|missing Authorization: Basic <write key>",
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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"Bearer wk1", "Basic !!!notbase64", "basic"})
    void malformedHeadersAre401(String header) {
        VerifyWriteKey verify = new VerifyWriteKey(Set.of("wk1"), false);
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setHeader("Authorization", header);
        assertEquals(401, assertThrows(HttpProblem.class, () -> verify.process(exchange)).status());
    }
}
