package io.churnwatch.ingest.intake;

import com.fasterxml.jackson.databind.JsonNode;
import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.problem.Problem.FieldError;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.validation.Candidate;
import io.churnwatch.ingest.validation.EventValidator;
import io.churnwatch.ingest.validation.JsonBodies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** ChurnWatch's own event API: one event, or a batch of up to 500. */
@ApplicationScoped
public class OwnApiIngestion {

    public static final String SOURCE = "api";
    public static final String REPLAY_SOURCE = "replay";

    private final EventValidator validator;
    private final IngestService ingest;
    private final IngestConfig config;

    public OwnApiIngestion(EventValidator validator, IngestService ingest, IngestConfig config) {
        this.validator = validator;
        this.ingest = ingest;
        this.config = config;
    }

    public Uni<IngestReport> single(AuthenticatedTenant tenant, byte[] body) {
        if (body.length > config.maxEventBytes()) {
            throw ProblemException.of(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The event is " + body.length + " bytes; the limit is " + config.maxEventBytes());
        }
        Candidate candidate = validator.validate(0, JsonBodies.parse(body), "", context(tenant));
        if (!candidate.isValid()) {
            throw invalid(candidate);
        }
        return ingest.ingest(tenant.tenantId(), List.of(candidate));
    }

    public Uni<IngestReport> batch(AuthenticatedTenant tenant, byte[] body) {
        if (body.length > config.maxBatchBytes()) {
            throw ProblemException.of(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "The batch is " + body.length + " bytes; the limit is " + config.maxBatchBytes());
        }
        JsonBodies.Batch batch = JsonBodies.parseBatch(body, "events", config.maxBatchEvents());
        EventValidator.Context context = context(tenant);
        List<Candidate> candidates = new ArrayList<>(batch.elements().size());
        for (int i = 0; i < batch.elements().size(); i++) {
            JsonBodies.Element element = batch.elements().get(i);
            String pointer = "/events/" + i;
            candidates.add(
                    element.bytes() > config.maxEventBytes()
                            ? Candidate.oversize(
                                    i,
                                    messageIdOf(element.node()),
                                    new FieldError(
                                            pointer,
                                            "event is " + element.bytes() + " bytes; the limit is "
                                                    + config.maxEventBytes()))
                            : validator.validate(i, element.node(), pointer, context));
        }
        return ingest.ingest(tenant.tenantId(), candidates);
    }

    private static EventValidator.Context context(AuthenticatedTenant tenant) {
        boolean replay = tenant.may(AuthenticatedTenant.SCOPE_REPLAY);
        return new EventValidator.Context(tenant.tenantId(), replay ? REPLAY_SOURCE : SOURCE, replay);
    }

    static ProblemException invalid(Candidate candidate) {
        ProblemType type = candidate.tooLarge() ? ProblemType.PAYLOAD_TOO_LARGE : ProblemType.INVALID_EVENT;
        String detail = candidate.errors().size() == 1
                ? candidate.errors().get(0).pointer() + " "
                        + candidate.errors().get(0).message()
                : candidate.errors().size() + " fields are invalid";
        return ProblemException.invalid(type, detail, candidate.errors());
    }

    public static String messageIdOf(JsonNode node) {
        JsonNode id = node == null ? null : node.get("messageId");
        return id != null && id.isTextual() && id.asText().length() <= 256 ? id.asText() : null;
    }
}
