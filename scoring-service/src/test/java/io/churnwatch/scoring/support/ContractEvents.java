package io.churnwatch.scoring.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.churnwatch.events.ContractLimits;
import io.churnwatch.events.ContractSerde;
import io.churnwatch.events.CustomerTraits;
import io.churnwatch.events.EventType;
import io.churnwatch.events.InteractionEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of contract events: values across everything {@link ContractLimits} and ingest allow
 * (boundaries included: the largest amount, 1900-01-01, 2199-12-31, 256-character ids, unicode, custom types,
 * property objects up to ingest's 32 KB event limit), and a share of storage poison an older ingest let through.
 */
public final class ContractEvents {

    /** One generated event and whether scoring must store it (else it must be dead-lettered). */
    public record Generated(InteractionEvent event, boolean storable) {}

    private static final int MAX_EVENT_BYTES = 32_768;
    private static final long SECONDS_IN_RANGE =
            ChronoUnit.SECONDS.between(ContractLimits.EARLIEST, ContractLimits.LATEST);

    private ContractEvents() {}

    public static Arbitrary<Generated> events(String... tenants) {
        return Arbitraries.frequencyOf(
                Tuple.of(39, storable(tenants).map(e -> new Generated(e, true))),
                Tuple.of(1, poison(tenants).map(e -> new Generated(e, false))));
    }

    private static Arbitrary<InteractionEvent> storable(String... tenants) {
        return Combinators.combine(Arbitraries.of(tenants), customerIds(), typed(), timestamps(), traits())
                .as((tenant, customer, typed, at, traits) -> new InteractionEvent(
                        UUID.randomUUID().toString(),
                        true,
                        tenant,
                        customer,
                        typed.get1(),
                        at,
                        Instant.now(),
                        typed.get2(),
                        traits,
                        "replay"))
                .filter(e -> ContractSerde.toJson(e).length <= MAX_EVENT_BYTES);
    }

    /** Values an older ingest accepted that PostgreSQL or the contract cannot hold. */
    private static Arbitrary<InteractionEvent> poison(String... tenants) {
        return Combinators.combine(
                        Arbitraries.of(tenants), Arbitraries.integers().between(0, 10))
                .as((tenant, kind) -> {
                    InteractionEvent e = new InteractionEvent(
                            UUID.randomUUID().toString(),
                            true,
                            tenant,
                            "poison-" + kind,
                            "usage",
                            Instant.now(),
                            Instant.now(),
                            JsonNodeFactory.instance.objectNode(),
                            null,
                            "replay");
                    return switch (kind) {
                        case 0 ->
                            withTraits(
                                    e,
                                    new CustomerTraits(
                                            new BigDecimal("999999999999999.99995"), "EUR", null, null, null, null));
                        case 1 ->
                            withTraits(e, new CustomerTraits(new BigDecimal("-1"), "EUR", null, null, null, null));
                        case 2 ->
                            withTraits(e, new CustomerTraits(new BigDecimal("1.00001"), "EUR", null, null, null, null));
                        case 3 ->
                            withTraits(
                                    e, new CustomerTraits(null, null, null, null, LocalDate.of(9_999_999, 1, 1), null));
                        case 4 ->
                            withTraits(e, new CustomerTraits(null, null, null, null, LocalDate.of(1899, 12, 31), null));
                        case 5 -> at(e, Instant.parse("0001-01-01T00:00:00Z"));
                        case 6 -> at(e, Instant.parse("+10000-01-01T00:00:00Z"));
                        case 7 -> at(e, ContractLimits.LATEST);
                        case 8 -> at(e, ContractLimits.EARLIEST.minusNanos(1000));
                        case 9 ->
                            new InteractionEvent(
                                    e.messageId(),
                                    true,
                                    tenant,
                                    "nul\u0000" + kind,
                                    "usage",
                                    e.timestamp(),
                                    e.receivedAt(),
                                    e.properties(),
                                    null,
                                    "replay");
                        default -> withTraits(e, new CustomerTraits(null, null, "seg\u0000ment", null, null, null));
                    };
                });
    }

    private static Arbitrary<String> customerIds() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(0, 39).map(i -> "c" + i)),
                Tuple.of(2, text(256)),
                Tuple.of(1, Arbitraries.of("x".repeat(256), "🙂".repeat(128), "\u202Eevil", "é")));
    }

    /** A type with the properties it needs: nps with a score, purchase with an amount, other known or custom types. */
    private static Arbitrary<Tuple.Tuple2<String, JsonNode>> typed() {
        Arbitrary<String> known = Arbitraries.of(Stream.of(EventType.values())
                .map(EventType::wireName)
                .filter(t -> !t.equals("nps") && !t.equals("purchase"))
                .toList());
        return Arbitraries.frequencyOf(
                Tuple.of(
                        1,
                        Combinators.combine(Arbitraries.integers().between(0, 10), properties())
                                .as((score, p) -> Tuple.of("nps", (JsonNode) ((ObjectNode) p).put("score", score)))),
                Tuple.of(
                        1,
                        Combinators.combine(money(), properties())
                                .as((amount, p) ->
                                        Tuple.of("purchase", (JsonNode) ((ObjectNode) p).put("amount", amount)))),
                Tuple.of(5, Combinators.combine(known, properties()).as(Tuple::of)),
                Tuple.of(2, Combinators.combine(text(100), properties()).as(Tuple::of)));
    }

    private static Arbitrary<JsonNode> properties() {
        Arbitrary<JsonNode> small = Arbitraries.maps(text(40), text(200))
                .ofMaxSize(5)
                .map(map -> {
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    map.forEach(node::put);
                    return node;
                });
        Arbitrary<JsonNode> huge = Combinators.combine(
                        Arbitraries.integers().between(1, 14),
                        Arbitraries.integers().between(100, 2000))
                .as((keys, length) -> {
                    ObjectNode node = JsonNodeFactory.instance.objectNode();
                    IntStream.range(0, keys).forEach(i -> node.put("k" + i, "v".repeat(length)));
                    node.putObject("nested")
                            .putArray("list")
                            .add(1)
                            .add("two")
                            .add(3.5)
                            .addNull();
                    return node;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(10, Arbitraries.just(JsonNodeFactory.instance.objectNode())),
                Tuple.of(8, small),
                Tuple.of(1, huge));
    }

    private static Arbitrary<Instant> timestamps() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        6,
                        Arbitraries.longs().between(0, SECONDS_IN_RANGE - 1).map(ContractLimits.EARLIEST::plusSeconds)),
                Tuple.of(
                        6,
                        Arbitraries.longs()
                                .between(0, 400L * 86_400)
                                .map(s -> Instant.now().minusSeconds(s))),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                ContractLimits.EARLIEST,
                                ContractLimits.LATEST.minusNanos(1000),
                                Instant.parse("2199-12-31T00:00:00Z"))));
    }

    private static Arbitrary<CustomerTraits> traits() {
        Arbitrary<CustomerTraits> some = Combinators.combine(
                        money().injectNull(0.2),
                        Arbitraries.strings()
                                .withCharRange('A', 'Z')
                                .ofLength(3)
                                .injectNull(0.3),
                        text(200).injectNull(0.3),
                        text(200).injectNull(0.5),
                        dates().injectNull(0.3),
                        text(200).injectNull(0.5))
                .as(CustomerTraits::new)
                .filter(t -> !t.isEmpty());
        return some.injectNull(0.5);
    }

    private static Arbitrary<BigDecimal> money() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.bigDecimals()
                                .between(BigDecimal.ZERO, ContractLimits.MAX_MONEY)
                                .ofScale(ContractLimits.MONEY_FRACTION_DIGITS)),
                Tuple.of(
                        1,
                        Arbitraries.of(
                                BigDecimal.ZERO,
                                new BigDecimal("0.0001"),
                                ContractLimits.MAX_MONEY,
                                new BigDecimal("1E+11"),
                                new BigDecimal("999999999999"))));
    }

    private static Arbitrary<LocalDate> dates() {
        long days = ChronoUnit.DAYS.between(ContractLimits.EARLIEST_DATE, ContractLimits.LATEST_DATE);
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, days - 1).map(ContractLimits.EARLIEST_DATE::plusDays)),
                Tuple.of(1, Arbitraries.of(ContractLimits.EARLIEST_DATE, LocalDate.of(2199, 12, 31))));
    }

    /** Non-blank text without control characters (ingest refuses those): BMP letters, symbols, RTL marks, emoji. */
    private static Arbitrary<String> text(int maxLength) {
        Arbitrary<String> bmp = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\ud7ff')
                .withCharRange('\ue000', '\ufffd')
                .ofMinLength(1)
                .ofMaxLength(maxLength);
        return Arbitraries.frequencyOf(
                        Tuple.of(5, bmp), Tuple.of(1, bmp.map(s -> s.length() + 2 <= maxLength ? s + "🙂" : s)))
                .filter(s -> !s.isBlank());
    }

    private static InteractionEvent withTraits(InteractionEvent e, CustomerTraits traits) {
        return new InteractionEvent(
                e.messageId(),
                true,
                e.tenant(),
                e.customerId(),
                e.type(),
                e.timestamp(),
                e.receivedAt(),
                e.properties(),
                traits,
                e.source());
    }

    private static InteractionEvent at(InteractionEvent e, Instant timestamp) {
        return new InteractionEvent(
                e.messageId(),
                true,
                e.tenant(),
                e.customerId(),
                e.type(),
                timestamp,
                e.receivedAt(),
                e.properties(),
                e.traits(),
                e.source());
    }
}
