package org.sobridge.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecodeBodyTest {

    static byte[] gzip(byte[] plain, int times) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            for (int i = 0; i < times; i++) {
                gz.write(plain);
            }
        }
        return out.toByteArray();
    }

    static Exchange exchange(byte[] body, String encoding) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.getMessage().setBody(body);
        if (encoding != null) {
            exchange.getMessage().setHeader(DecodeBody.HEADER, encoding);
        }
        return exchange;
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "GZIP", " gzip ", "x-gzip"})
    void aGzippedBodyIsInflatedOnceAndTheHeaderRemoved(String encoding) throws Exception {
        byte[] json = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"S\u00e3o\"}]}".getBytes(StandardCharsets.UTF_8);
        Exchange exchange = exchange(gzip(json, 1), encoding);
        new DecodeBody(1024).process(exchange);
        assertArrayEquals(json, exchange.getMessage().getBody(byte[].class));
        assertNull(exchange.getMessage().getHeader(DecodeBody.HEADER));
    }

    @Test
    void withoutAnEncodingOrWithIdentityTheBodyIsLeftAsItIs() throws Exception {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        Exchange plain = exchange(json, null);
        new DecodeBody(1024).process(plain);
        assertSame(json, plain.getMessage().getBody());
        Exchange identity = exchange(json, "identity");
        new DecodeBody(1024).process(identity);
        assertSame(json, identity.getMessage().getBody());
    }

    @Test
    void exactlyTheLimitIsAcceptedAndOneByteMoreIs413() throws Exception {
        byte[] limit = new byte[1000];
        Arrays.fill(limit, (byte) 'x');
        assertEquals(1000, DecodeBody.gunzip(gzip(limit, 1), 1000).length);
        HttpProblem problem = assertThrows(HttpProblem.class, () -> DecodeBody.gunzip(gzip(limit, 1), 999));
        assertEquals(413, problem.status());
        assertEquals("payload_too_large", problem.code());
    }

    /** 200 MB of zeros (about 200 KB gzipped) against a 1 MB limit: refused having inflated at most 1 MB + 1 byte. */
    @Test
    void aGzipBombIs413WithoutInflatingIt() throws Exception {
        byte[] bomb = gzip(new byte[1 << 20], 200);
        assertTrue(bomb.length < 400_000, "small on the wire: " + bomb.length);
        Runtime runtime = Runtime.getRuntime();
        long before = runtime.totalMemory() - runtime.freeMemory();
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> new DecodeBody(1 << 20).process(exchange(bomb, "gzip")));
        assertEquals(413, problem.status());
        assertTrue(problem.getMessage().contains("once decompressed"), problem.getMessage());
        long grown = runtime.totalMemory() - runtime.freeMemory() - before;
        assertTrue(grown < 64L << 20, "inflating stopped at the limit; heap grew by " + (grown >> 20) + " MB");
    }

    @Test
    void brokenGzipIs400() throws Exception {
        byte[] gz = gzip("{\"a\":1}".getBytes(StandardCharsets.UTF_8), 1);
        for (byte[] broken : new byte[][] {Arrays.copyOf(gz, 12), "{\"a\":1}".getBytes(StandardCharsets.UTF_8), new byte[0]}) {
            HttpProblem problem = assertThrows(HttpProblem.class,
                    () -> new DecodeBody(1024).process(exchange(broken, "gzip")));
            assertEquals(400, problem.status());
            assertEquals("bad_request", problem.code());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"br", "deflate", "compress", "gzip, br", "zstd"})
    void anotherEncodingIs415(String encoding) {
        HttpProblem problem = assertThrows(HttpProblem.class,
                () -> new DecodeBody(1024).process(exchange(new byte[] {1}, encoding)));
        assertEquals(415, problem.status());
        assertEquals("unsupported_media_type", problem.code());
    }
}
