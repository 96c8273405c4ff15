package org.sobridge.ingest;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Right after the media-type check of every ingest route ({@link RequireMediaType}): a body sent with
 * {@code Content-Encoding: gzip} (analytics-python with {@code gzip=True}, or any sender that compresses) is
 * inflated here, once, so that every later step (signature, write key, parsing) sees the JSON bytes. The HTTP
 * server does not inflate request bodies itself, and its body limit applies to the bytes on the wire; here
 * {@code bridge.max-body-bytes} also bounds the inflated bytes, checked while inflating, so a small gzip bomb is
 * refused (413) after reading at most one byte past the limit. No encoding or {@code identity}: the body is left as
 * it is. Any other encoding: 415. Broken gzip: 400.
 */
public final class DecodeBody implements Processor {

    public static final String HEADER = "Content-Encoding";

    private static final int CHUNK = 8192;

    private final int maxBodyBytes;

    public DecodeBody(int maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) {
        String encoding = exchange.getMessage().getHeader(HEADER, String.class);
        if (encoding == null) {
            return;
        }
        String name = encoding.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.equals("identity")) {
            exchange.getMessage().removeHeader(HEADER);
            return;
        }
        if (!name.equals("gzip") && !name.equals("x-gzip")) {
            String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
            throw new HttpProblem(415, "unsupported Content-Encoding '" + shown + "'; send gzip or an uncompressed body");
        }
        byte[] inflated = gunzip(RawBody.of(exchange), maxBodyBytes);
        exchange.getMessage().setBody(inflated);
        exchange.getMessage().removeHeader(HEADER);
    }

    /** The inflated bytes; more than {@code limit} of them is a 413, found without inflating further. */
    static byte[] gunzip(byte[] compressed, int limit) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed), CHUNK)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(
                    (int) Math.min(limit, Math.max(CHUNK, 4L * compressed.length)));
            byte[] chunk = new byte[CHUNK];
            int total = 0;
            int read;
            // never asks for more than one byte past the limit
            while ((read = in.read(chunk, 0, (int) Math.min(chunk.length, (long) limit + 1 - total))) > 0) {
                total += read;
                if (total > limit) {
                    throw HttpProblem.tooLarge("body is over the limit of " + limit + " bytes once decompressed");
                }
                out.write(chunk, 0, read);
            }
            return out.toByteArray();
        } catch (IOException notGzip) {
            throw HttpProblem.badRequest("body is not valid gzip: " + notGzip.getMessage());
        }
    }
}
