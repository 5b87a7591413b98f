package io.churnwatch.ingest.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.churnwatch.common.auth.ApiKeys;
import io.churnwatch.common.problem.Problem;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemResponses;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.config.IngestConfig;
import io.churnwatch.ingest.persistence.IdempotencyKeyRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * Idempotency-Key handling for batch requests: the first request with a key runs and its final
 * answer (202 or 400) is stored; a repeat with the same body gets the stored answer, one with a
 * different body 422, one while the first still runs 409. Answers that invite a retry (429, 503)
 * are not stored.
 */
@ApplicationScoped
public class IdempotentRequests {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** What an Idempotency-Key may be; the batch resource checks it (Bean Validation), and the document shows it. */
    public static final String KEY_PATTERN = "^[\\x21-\\x7e]{1,255}$";

    private final IdempotencyKeyRepository repository;
    private final ObjectMapper mapper;
    private final Duration staleAfter;

    public IdempotentRequests(IdempotencyKeyRepository repository, ObjectMapper mapper, IngestConfig config) {
        this.repository = repository;
        this.mapper = mapper;
        this.staleAfter = config.reservationTimeout();
    }

    public Uni<Response> run(String tenant, String key, byte[] body, Supplier<Uni<Response>> work) {
        if (key == null) {
            return work.get();
        }
        String requestHash = ApiKeys.hash(Base64.getEncoder().encodeToString(body));
        return repository.claim(tenant, key, requestHash, staleAfter).chain(stored -> {
            if (stored.isEmpty()) {
                return Uni.createFrom()
                        .deferred(work::get)
                        .call(response -> remember(tenant, key, response))
                        .onFailure()
                        .call(() -> repository.release(tenant, key));
            }
            if (!stored.get().requestHash().equals(requestHash)) {
                throw ProblemException.of(
                        ProblemType.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used for a different request body");
            }
            if (!stored.get().finished()) {
                return Uni.createFrom()
                        .item(ProblemResponses.of(
                                Problem.of(
                                        ProblemType.CONFLICT,
                                        "A request with this Idempotency-Key is still being processed"),
                                Duration.ofSeconds(1)));
            }
            String type = stored.get().status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON;
            return Uni.createFrom()
                    .item(Response.status(stored.get().status())
                            .type(type)
                            .entity(stored.get().body().getBytes(StandardCharsets.UTF_8))
                            .header(REPLAYED_HEADER, "true")
                            .build());
        });
    }

    private Uni<Void> remember(String tenant, String key, Response response) {
        int status = response.getStatus();
        if (status != 202 && status != 400) {
            return repository.release(tenant, key);
        }
        try {
            return repository.finish(tenant, key, status, mapper.writeValueAsString(response.getEntity()));
        } catch (JsonProcessingException e) {
            return repository.release(tenant, key);
        }
    }
}
