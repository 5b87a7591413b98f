package io.churnwatch.scoring.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a consumed batch's rows with ONE statement per table, in the caller's session and transaction.
 *
 * <p>Why bulk: persisting entity by entity cost a round trip per row (the id columns are IDENTITY, so
 * Hibernate cannot batch the inserts) and a dirty-checked UPDATE per customer; a 500-record batch ran
 * ~1,900 statements one after another on the event loop. Here each table gets a single
 * {@code INSERT ... SELECT ... FROM json_to_recordset(?)} (customers as an upsert, offsets raised with
 * GREATEST), so a batch costs a handful of round trips whatever its size. Rows keep their order (the
 * {@code n} of {@link JsonRows}), so ids still follow the order rows were produced in.
 */
@ApplicationScoped
public class BulkWriter {

    private static final String[] CUSTOMER = {
        "tenant_id text",
        "customer_id text",
        "status text",
        "status_changed_at timestamptz",
        "level text",
        "score float8",
        "reported_score float8",
        "history_score float8",
        "priority float8",
        "p_alive float8",
        "segment text",
        "owner text",
        "plan text",
        "mrr numeric",
        "currency text",
        "signup_date date",
        "first_seen_at timestamptz",
        "last_event_at timestamptz",
        "last_activity_at timestamptz",
        "first_activity_at timestamptz",
        "activity_days int",
        "scored_at timestamptz",
        "next_due_at timestamptz",
        "activity_total int",
        "snapshot_at timestamptz"
    };
    /**
     * The state documents travel as a second parameter, a text array the client sends in binary, joined to
     * the rows by position: inside the JSON parameter PostgreSQL would have to parse each ~1.5 KB document.
     */
    private static final String CUSTOMER_UPSERT = insert("customers", CUSTOMER)
                    .replace(") SELECT ", ", state) SELECT ")
                    .replace(" FROM json_to_recordset(", ", s.state FROM json_to_recordset(")
                    .replace(
                            " ORDER BY r.n",
                            " JOIN unnest(cast(?2 as text[])) WITH ORDINALITY AS s(state, n) ON s.n = r.n ORDER BY r.n")
            + " ON CONFLICT (tenant_id, customer_id) DO UPDATE SET "
            + Stream.concat(Stream.of(CUSTOMER).skip(2).map(c -> c.split(" ")[0]), Stream.of("state"))
                    .map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));

    private static final String EVENTS = insert(
            "customer_events",
            "tenant_id text",
            "customer_id text",
            "message_id text",
            "type text",
            "occurred_at timestamptz",
            "properties text");
    private static final String HISTORY = insert(
            "score_history",
            "tenant_id text",
            "customer_id text",
            "scored_at timestamptz",
            "score float8",
            "level text",
            "priority float8",
            "p_alive float8",
            "cause text",
            "factors text");
    private static final String OUTBOX = insert(
            "outbox",
            "topic text",
            "record_key text",
            "payload bytea",
            "change_id text",
            "tenant_id text",
            "dlq_reason text",
            "created_at timestamptz");
    private static final String OUTCOMES = insert(
                    "outcomes",
                    "tenant_id text",
                    "customer_id text",
                    "kind text",
                    "occurred_at timestamptz",
                    "reason text",
                    "source text",
                    "source_id text")
            + " ON CONFLICT (tenant_id, source, source_id) DO NOTHING RETURNING tenant_id, source, source_id";
    private static final String PROCESSED = insert("processed_messages", "id_hash uuid", "processed_at timestamptz");
    private static final String OFFSETS =
            insert("consumer_offsets", "group_id text", "topic text", "partition_no int", "next_offset bigint") + """
             ON CONFLICT (group_id, topic, partition_no)
            DO UPDATE SET next_offset = GREATEST(scoring.consumer_offsets.next_offset, EXCLUDED.next_offset)""";

    /** Inserts new customers and updates existing ones, all columns from the entities. */
    public Uni<Void> upsertCustomers(Collection<CustomerEntity> customers) {
        JsonRows rows = new JsonRows();
        String[] states = new String[customers.size()];
        for (CustomerEntity c : customers) {
            states[rows.size()] = c.state;
            rows.row()
                    .put("tenant_id", c.tenantId)
                    .put("customer_id", c.customerId)
                    .put("status", c.status)
                    .put("status_changed_at", c.statusChangedAt)
                    .put("level", c.level)
                    .put("score", c.score)
                    .put("reported_score", c.reportedScore)
                    .put("history_score", c.historyScore)
                    .put("priority", c.priority)
                    .put("p_alive", c.pAlive)
                    .put("segment", c.segment)
                    .put("owner", c.owner)
                    .put("plan", c.plan)
                    .put("mrr", c.mrr)
                    .put("currency", c.currency)
                    .put("signup_date", c.signupDate)
                    .put("first_seen_at", c.firstSeenAt)
                    .put("last_event_at", c.lastEventAt)
                    .put("last_activity_at", c.lastActivityAt)
                    .put("first_activity_at", c.firstActivityAt)
                    .put("activity_days", c.activityDays)
                    .put("scored_at", c.scoredAt)
                    .put("next_due_at", c.nextDueAt)
                    .put("activity_total", c.activityTotal)
                    .put("snapshot_at", c.snapshotAt);
        }
        if (rows.size() == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery(CUSTOMER_UPSERT)
                        .setParameter(1, rows.toJson())
                        .setParameter(2, states)
                        .executeUpdate())
                .replaceWithVoid();
    }

    public Uni<Void> insertEvents(Collection<CustomerEventEntity> events) {
        JsonRows rows = new JsonRows();
        for (CustomerEventEntity e : events) {
            rows.row()
                    .put("tenant_id", e.tenantId)
                    .put("customer_id", e.customerId)
                    .put("message_id", e.messageId)
                    .put("type", e.type)
                    .put("occurred_at", e.occurredAt)
                    .put("properties", e.properties);
        }
        return execute(EVENTS, rows);
    }

    public Uni<Void> insertHistory(Collection<ScoreHistoryEntity> history) {
        JsonRows rows = new JsonRows();
        for (ScoreHistoryEntity h : history) {
            rows.row()
                    .put("tenant_id", h.tenantId)
                    .put("customer_id", h.customerId)
                    .put("scored_at", h.scoredAt)
                    .put("score", h.score)
                    .put("level", h.level)
                    .put("priority", h.priority)
                    .put("p_alive", h.pAlive)
                    .put("cause", h.cause)
                    .put("factors", h.factors);
        }
        return execute(HISTORY, rows);
    }

    public Uni<Void> insertOutbox(Collection<OutboxEntity> outbox) {
        JsonRows rows = new JsonRows();
        for (OutboxEntity o : outbox) {
            rows.row()
                    .put("topic", o.topic)
                    .put("record_key", o.recordKey)
                    .put("payload", o.payload)
                    .put("change_id", o.changeId)
                    .put("tenant_id", o.tenantId)
                    .put("dlq_reason", o.dlqReason)
                    .put("created_at", o.createdAt);
        }
        return execute(OUTBOX, rows);
    }

    /** Records outcomes; returns those not recorded before (a row with the same tenant, source and source id is skipped). */
    public Uni<List<OutcomeRow>> insertOutcomes(Collection<OutcomeRow> outcomes) {
        JsonRows rows = new JsonRows();
        for (OutcomeRow o : outcomes) {
            rows.row()
                    .put("tenant_id", o.tenantId())
                    .put("customer_id", o.customerId())
                    .put("kind", o.kind())
                    .put("occurred_at", o.occurredAt())
                    .put("reason", o.reason())
                    .put("source", o.source())
                    .put("source_id", o.sourceId());
        }
        if (rows.size() == 0) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery(OUTCOMES, Object[].class)
                        .setParameter(1, rows.toJson())
                        .getResultList())
                .map(inserted -> {
                    Set<List<Object>> fresh =
                            inserted.stream().map(Arrays::asList).collect(Collectors.toCollection(HashSet::new));
                    return outcomes.stream()
                            .filter(o -> fresh.remove(List.of(o.tenantId(), o.source(), o.sourceId())))
                            .toList();
                });
    }

    /** Records message ids as processed; an id already there fails the statement (and the transaction). */
    public Uni<Void> insertProcessed(Collection<UUID> hashes, Instant at) {
        JsonRows rows = new JsonRows();
        hashes.forEach(hash -> rows.row().put("id_hash", hash).put("processed_at", at));
        return execute(PROCESSED, rows);
    }

    /** Raises the partitions' next offsets (never lowers one). */
    public Uni<Void> advanceOffsets(String group, String topic, Map<Integer, Long> nextOffsets) {
        JsonRows rows = new JsonRows();
        nextOffsets.forEach((partition, offset) -> rows.row()
                .put("group_id", group)
                .put("topic", topic)
                .put("partition_no", partition)
                .put("next_offset", offset));
        return execute(OFFSETS, rows);
    }

    /** The parameter is cast to text first: bound as json, the reactive client would send the String as a JSON string scalar. */
    private static Uni<Void> execute(String sql, JsonRows rows) {
        if (rows.size() == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession()
                .chain(session -> session.createNativeMutationQuery(sql)
                        .setParameter(1, rows.toJson())
                        .executeUpdate())
                .replaceWithVoid();
    }

    /** {@code INSERT INTO scoring.table (columns) SELECT them FROM json_to_recordset(?1) ... ORDER BY n}; bytea arrives base64. */
    private static String insert(String table, String... columns) {
        String names = Stream.of(columns).map(c -> c.split(" ")[0]).collect(Collectors.joining(", "));
        String select = Stream.of(columns)
                .map(c -> c.endsWith(" bytea") ? "decode(r." + c.split(" ")[0] + ", 'base64')" : "r." + c.split(" ")[0])
                .collect(Collectors.joining(", "));
        String types = Stream.of(columns).map(c -> c.replace(" bytea", " text")).collect(Collectors.joining(", "));
        return "INSERT INTO scoring." + table + " (" + names + ") SELECT " + select
                + " FROM json_to_recordset(cast(cast(?1 as text) as json)) AS r(n int, " + types + ") ORDER BY r.n";
    }
}
