package io.churnwatch.events;

import java.nio.charset.StandardCharsets;

/** The version of the message contract written in every record's schema-version header. */
public final class SchemaVersion {

    public static final int CURRENT = 1;
    public static final byte[] CURRENT_HEADER_VALUE = Integer.toString(CURRENT).getBytes(StandardCharsets.US_ASCII);

    private SchemaVersion() {}
}
