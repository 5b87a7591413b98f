package io.churnwatch.ingest.support;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik generators of malformed and hostile request bodies: broken JSON, deep nesting, huge strings,
 * wrong types, unicode edge cases, injection strings, and mutations of valid events.
 */
public final class HostileRequests {

    /** One generated request: body bytes, content type, and whether it carries the tenant's key. */
    public record HostileRequest(String description, byte[] body, String contentType, String authorization) {}

    private static final List<String> NASTY_STRINGS = List.of(
            "",
            " ",
            "\u0000",
            "\u0007bell",
            "a\u0000b",
            "\uD800",
            "\uDFFF",
            "\uFEFF",
            "\u202Eevil",
            "🙂🙃",
            "𝕳𝖊𝖑𝖑𝖔",
            "'; DROP TABLE tenancy.tenants; --",
            "\" OR 1=1 --",
            "${jndi:ldap://127.0.0.1/x}",
            "<script>alert(1)</script>",
            "../../../../etc/passwd",
            "%00",
            "\\u0000",
            "{{7*7}}",
            "NaN",
            "Infinity",
            "-0",
            "1e400",
            "9".repeat(400),
            "2026-13-45T99:99:99Z",
            "0000-01-01T00:00:00Z",
            "+999999999-12-31T23:59:59Z",
            "x".repeat(70_000));

    private HostileRequests() {}

    public static Arbitrary<HostileRequest> forSingleEvent(String apiKey) {
        return requests(apiKey, event());
    }

    public static Arbitrary<HostileRequest> forBatch(String apiKey, String arrayField) {
        Arbitrary<String> batch = event().list()
                .ofMinSize(0)
                .ofMaxSize(12)
                .map(events -> "{\"" + arrayField + "\":[" + String.join(",", events) + "]}");
        return requests(apiKey, Arbitraries.oneOf(batch, event()));
    }

    private static Arbitrary<HostileRequest> requests(String apiKey, Arbitrary<String> documents) {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, documents),
                net.jqwik.api.Tuple.of(2, documents.flatMap(HostileRequests::truncated)),
                net.jqwik.api.Tuple.of(1, deepNesting()),
                net.jqwik.api.Tuple.of(1, jsonValue(3)));
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(18, Arbitraries.just("application/json")),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                "text/plain",
                                "application/xml",
                                "application/json; charset=utf-16",
                                "multipart/form-data; boundary=x",
                                "application/x-www-form-urlencoded")));
        Arbitrary<String> authorization = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(18, Arbitraries.just("Bearer " + apiKey)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of(
                                "Bearer ",
                                "Bearer cw_forged",
                                "Basic !!!",
                                "Basic " + "QUFB".repeat(100),
                                "Bearer " + apiKey + "x",
                                "Negotiate abc")));
        return Combinators.combine(text, contentType, authorization)
                .as((body, type, auth) ->
                        new HostileRequest(describe(body), body.getBytes(StandardCharsets.UTF_8), type, auth));
    }

    /** An event-shaped object whose fields are sometimes valid, sometimes hostile. */
    private static Arbitrary<String> event() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.of(
                        "\"messageId\"",
                        "\"customerId\"",
                        "\"type\"",
                        "\"timestamp\"",
                        "\"properties\"",
                        "\"traits\"",
                        "\"tenant\"",
                        "\"userId\"",
                        "\"anonymousId\"",
                        "\"event\"",
                        "\"groupId\"",
                        "\"context\"",
                        "\"sentAt\""),
                nastyString().map(HostileRequests::quote));
        Arbitrary<String> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        4,
                        Arbitraries.of(
                                "\"usage\"",
                                "\"nps\"",
                                "\"purchase\"",
                                "\"complaint\"",
                                "\"c-1\"",
                                "\"2026-11-20T10:00:00Z\"",
                                "{\"score\":11}",
                                "{\"amount\":-1}",
                                "{\"mrr\":\"abc\",\"currency\":\"euro\"}",
                                "\"1899-12-31T23:59:59Z\"",
                                "{\"score\":4294967306}",
                                "{\"amount\":1e400}",
                                "{\"mrr\":\"999999999999999.99995\",\"createdAt\":\"+9999999-01-01T00:00:00Z\"}")),
                net.jqwik.api.Tuple.of(3, nastyString().map(HostileRequests::quote)),
                net.jqwik.api.Tuple.of(3, jsonValue(2)));
        Arbitrary<String> member = Combinators.combine(field, value).as((name, v) -> name + ":" + v);
        return member.list()
                .ofMinSize(0)
                .ofMaxSize(8)
                .map(members -> members.stream().collect(Collectors.joining(",", "{", "}")));
    }

    private static Arbitrary<String> jsonValue(int depth) {
        Arbitrary<String> scalar = Arbitraries.oneOf(
                nastyString().map(HostileRequests::quote),
                Arbitraries.of(
                        "null", "true", "false", "0", "-1", "1.5e308", "-9223372036854775809", "1e400", "0.0000000001"),
                Arbitraries.integers().map(String::valueOf));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<String> array =
                jsonValue(depth - 1).list().ofMaxSize(4).map(items -> "[" + String.join(",", items) + "]");
        Arbitrary<String> object = Combinators.combine(nastyString(), jsonValue(depth - 1))
                .as((k, v) -> quote(k) + ":" + v)
                .list()
                .ofMaxSize(4)
                .map(items -> "{" + String.join(",", items) + "}");
        return Arbitraries.oneOf(scalar, array, object);
    }

    private static Arbitrary<String> deepNesting() {
        return Arbitraries.integers()
                .between(20, 3_000)
                .flatMap(depth -> Arbitraries.of(
                        "[".repeat(depth) + "]".repeat(depth),
                        "{\"customerId\":\"c\",\"type\":\"usage\",\"properties\":" + "{\"a\":".repeat(depth) + "1"
                                + "}".repeat(depth + 1),
                        "[".repeat(depth)));
    }

    private static Arbitrary<String> truncated(String document) {
        return document.isEmpty()
                ? Arbitraries.just("{")
                : Arbitraries.integers().between(0, document.length() - 1).map(cut -> document.substring(0, cut));
    }

    private static Arbitrary<String> nastyString() {
        return Arbitraries.oneOf(
                Arbitraries.of(NASTY_STRINGS), Arbitraries.strings().all().ofMaxLength(40));
    }

    private static String quote(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    private static String describe(String body) {
        return body.length() > 120 ? body.substring(0, 120) + "…(" + body.length() + " chars)" : body;
    }
}
