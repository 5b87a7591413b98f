package io.churnwatch.ingest.validation;

import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Undoes Content-Encoding: gzip (as Segment libraries send) with a bound on the decompressed size,
 * so a small compressed body cannot expand past the limits, and a corrupt one is a clear 400.
 */
public final class RequestBodies {

    private RequestBodies() {}

    /** Whether the body is compressed (the encoding is checked, and a 415 answered, only when it is decoded). */
    public static boolean isEncoded(String contentEncoding) {
        return contentEncoding != null
                && !contentEncoding.isBlank()
                && !contentEncoding.trim().equalsIgnoreCase("identity");
    }

    /** The body as the client meant it; at most {@code limit} bytes, else 413. */
    public static byte[] decode(byte[] body, String contentEncoding, int limit) {
        String encoding =
                contentEncoding == null ? "identity" : contentEncoding.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "", "identity" -> body;
            case "gzip", "x-gzip" -> gunzip(body, limit);
            default ->
                throw ProblemException.of(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Encoding '" + EventValidator.shorten(contentEncoding)
                                + "' is not supported; send gzip or no encoding");
        };
    }

    private static byte[] gunzip(byte[] body, int limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, body.length * 4 + 64));
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) != -1) {
                out.write(buffer, 0, read);
                if (out.size() > limit) {
                    throw ProblemException.of(
                            ProblemType.PAYLOAD_TOO_LARGE, "The body decompresses to more than " + limit + " bytes");
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw ProblemException.of(ProblemType.MALFORMED_JSON, "The body is not valid gzip: " + e.getMessage());
        }
    }
}
