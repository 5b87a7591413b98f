package io.churnwatch.ingest.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.intake.EventResult;
import io.churnwatch.ingest.intake.IngestReport;
import io.churnwatch.ingest.intake.IngestService;
import io.churnwatch.ingest.intake.OwnApiIngestion;
import io.churnwatch.ingest.segment.SegmentTranslator.Envelope;
import io.churnwatch.ingest.segment.SegmentTranslator.Translation;
import io.churnwatch.ingest.tenant.TenantService;
import io.churnwatch.ingest.tenant.TenantSettings;
import io.churnwatch.ingest.validation.Candidate;
import io.churnwatch.ingest.validation.EventValidator;
import io.churnwatch.ingest.validation.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Segment's HTTP Tracking API: single calls and batches are translated message by message into
 * ChurnWatch's own format, validated by the same rules as the own API, and ingested with source
 * {@code segment}. Alias calls are accepted and ignored.
 */
@ApplicationScoped
public class SegmentIngestion {

    public static final String SOURCE = "segment";
    static final String ALIAS_IGNORED =
            "alias calls are accepted and ignored: ChurnWatch keys customers by userId or groupId";

    /** One message of a request, where it sits in the body, and how many bytes it took. */
    private record Message(JsonNode node, String pointer, int bytes) {}

    private final EventValidator validator;
    private final IngestService ingest;
    private final TenantService tenants;
    private final IngestConfig config;
    private final Clock clock;

    public SegmentIngestion(
            EventValidator validator, IngestService ingest, TenantService tenants, IngestConfig config, Clock clock) {
        this.validator = validator;
        this.ingest = ingest;
        this.tenants = tenants;
        this.config = config;
        this.clock = clock;
    }

    /**
     * One call posted to its own path, such as {@code /v1/track}; the path decides the call type.
     * The caller comes from {@link SegmentWriteKeys}, authenticated before the body was decoded.
     */
    public Uni<IngestReport> single(AuthenticatedTenant caller, String call, byte[] body) {
        if (body.length > config.maxEventBytes()) {
            throw ProblemException.of(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The message is " + body.length + " bytes; the limit is " + config.maxEventBytes());
        }
        JsonNode node = JsonBodies.parse(body);
        if (!node.isObject()) {
            throw ProblemException.of(ProblemType.INVALID_REQUEST, "The body must be a JSON object");
        }
        return ingest(caller, call, List.of(new Message(node, "", body.length)), Envelope.NONE);
    }

    /** {@code /v1/batch} and {@code /v1/import}: {"batch": [...], "context": {...}, "sentAt": "...", "writeKey": "..."}. */
    public Uni<IngestReport> batch(AuthenticatedTenant caller, byte[] body) {
        if (body.length > config.maxBatchBytes()) {
            throw ProblemException.of(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The batch is " + body.length + " bytes; the limit is " + config.maxBatchBytes());
        }
        JsonBodies.Batch batch = JsonBodies.parseBatch(body, "batch", config.maxBatchEvents());
        List<Message> messages = new ArrayList<>(batch.elements().size());
        for (int i = 0; i < batch.elements().size(); i++) {
            JsonBodies.Element element = batch.elements().get(i);
            messages.add(new Message(element.node(), "/batch/" + i, element.bytes()));
        }
        List<FieldError> envelopeErrors = SegmentTranslator.envelopeErrors(batch.envelope());
        if (!envelopeErrors.isEmpty()) {
            throw ProblemException.invalid(
                    ProblemType.INVALID_REQUEST,
                    envelopeErrors.get(0).pointer() + " "
                            + envelopeErrors.get(0).message(),
                    envelopeErrors);
        }
        Envelope envelope =
                new Envelope(batch.envelope().get("context"), batch.envelope().get("sentAt"));
        return ingest(caller, null, messages, envelope);
    }

    private Uni<IngestReport> ingest(
            AuthenticatedTenant tenant, String call, List<Message> messages, Envelope envelope) {
        return tenants.settings(tenant.tenantId()).chain(settings -> {
            boolean replay = tenant.may(AuthenticatedTenant.SCOPE_REPLAY);
            EventValidator.Context context = new EventValidator.Context(tenant.tenantId(), SOURCE, replay);
            Instant receivedAt = clock.instant();
            EventResult[] ignored = new EventResult[messages.size()];
            List<Integer> positions = new ArrayList<>();
            List<Candidate> candidates = new ArrayList<>();
            for (int i = 0; i < messages.size(); i++) {
                Message message = messages.get(i);
                Candidate candidate =
                        candidate(candidates.size(), message, call, envelope, settings, receivedAt, context);
                if (candidate == null) {
                    ignored[i] = EventResult.ignored(i, OwnApiIngestion.messageIdOf(message.node()), ALIAS_IGNORED);
                } else {
                    positions.add(i);
                    candidates.add(candidate);
                }
            }
            Uni<IngestReport> written = candidates.isEmpty()
                    ? Uni.createFrom().item(new IngestReport(List.of(), false))
                    : ingest.ingest(tenant.tenantId(), candidates);
            return written.map(report -> inRequestOrder(report, positions, ignored));
        });
    }

    /** The candidate for one message at position {@code index} among the candidates, or null for an ignored (alias) message. */
    private Candidate candidate(
            int index,
            Message message,
            String call,
            Envelope envelope,
            TenantSettings settings,
            Instant receivedAt,
            EventValidator.Context context) {
        String pointer = message.pointer();
        String messageId = OwnApiIngestion.messageIdOf(message.node());
        if (message.bytes() > config.maxEventBytes()) {
            return Candidate.oversize(
                    index,
                    messageId,
                    new FieldError(
                            pointer.isEmpty() ? "/" : pointer,
                            "message is " + message.bytes() + " bytes; the limit is " + config.maxEventBytes()));
        }
        if (message.node() == null || !message.node().isObject()) {
            return Candidate.invalid(
                    index, null, List.of(new FieldError(pointer.isEmpty() ? "/" : pointer, "must be a JSON object")));
        }
        Translation translation =
                SegmentTranslator.translate(message.node(), call, envelope, settings, receivedAt, pointer);
        if (translation.ignored()) {
            return null;
        }
        if (!translation.errors().isEmpty()) {
            return Candidate.invalid(index, messageId, translation.errors());
        }
        Candidate candidate = validator.validate(index, translation.event(), pointer, context);
        if (candidate.isValid()) {
            return candidate;
        }
        List<FieldError> errors = candidate.errors().stream()
                .map(error -> new FieldError(translation.sourcePointer(pointer, error.pointer()), error.message()))
                .toList();
        return candidate.tooLarge()
                ? Candidate.oversize(index, messageId, errors.get(0))
                : Candidate.invalid(index, messageId, errors);
    }

    private static IngestReport inRequestOrder(IngestReport report, List<Integer> positions, EventResult[] results) {
        for (int i = 0; i < report.results().size(); i++) {
            results[positions.get(i)] = report.results().get(i).at(positions.get(i));
        }
        return new IngestReport(List.of(results), report.outage());
    }
}
