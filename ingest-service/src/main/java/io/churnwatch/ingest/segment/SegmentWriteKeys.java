package io.churnwatch.ingest.segment;

import io.churnwatch.common.auth.AuthenticatedTenant;
import io.churnwatch.common.auth.FailedAuthentications;
import io.churnwatch.common.auth.TenantDirectory;
import io.churnwatch.common.problem.ProblemException;
import io.churnwatch.common.problem.ProblemType;
import io.churnwatch.ingest.validation.JsonBodies;
import io.churnwatch.ingest.validation.RequestBodies;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Who sends a Segment request, decided before its body is decompressed or parsed: the key of the
 * Authorization header (already checked by the auth filter), else the body's {@code writeKey}, read
 * by the tokenizer alone from an uncompressed body. A compressed body must carry its key in the header.
 */
@ApplicationScoped
public class SegmentWriteKeys {

    private final TenantDirectory directory;
    private final FailedAuthentications failures;

    public SegmentWriteKeys(TenantDirectory directory, FailedAuthentications failures) {
        this.directory = directory;
        this.failures = failures;
    }

    public Uni<AuthenticatedTenant> caller(
            Optional<AuthenticatedTenant> fromHeader, byte[] body, String contentEncoding, String address) {
        if (fromHeader.isPresent()) {
            return Uni.createFrom().item(withIngestScope(fromHeader.get()));
        }
        if (RequestBodies.isEncoded(contentEncoding)) {
            throw ProblemException.of(
                    ProblemType.UNAUTHORIZED,
                    "A compressed body is read only after authentication: send the write key as the Basic user name "
                            + "or as 'Authorization: Bearer <key>'");
        }
        Optional<String> key = JsonBodies.topLevelText(body, "writeKey").filter(text -> !text.isBlank());
        if (key.isEmpty()) {
            throw ProblemException.of(
                    ProblemType.UNAUTHORIZED,
                    "Send the write key as the Basic user name, "
                            + "as 'Authorization: Bearer <key>', or as writeKey in the body");
        }
        failures.requireAllowed(address);
        return directory.authenticate(key.get()).map(found -> {
            if (found.isEmpty()) {
                failures.failed(address);
                throw ProblemException.of(ProblemType.UNAUTHORIZED, "The write key is unknown or revoked");
            }
            return withIngestScope(found.get());
        });
    }

    private static AuthenticatedTenant withIngestScope(AuthenticatedTenant tenant) {
        if (!tenant.may(AuthenticatedTenant.SCOPE_INGEST)) {
            throw ProblemException.of(
                    ProblemType.FORBIDDEN, "This API key lacks the '" + AuthenticatedTenant.SCOPE_INGEST + "' scope");
        }
        return tenant;
    }
}
