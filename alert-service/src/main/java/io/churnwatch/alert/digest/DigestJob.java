package io.churnwatch.alert.digest;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Sends the daily and weekly digests at the configured times ({@code churnwatch.alert.digest.*-cron}). */
@ApplicationScoped
public class DigestJob {

    private static final Logger LOG = Logger.getLogger(DigestJob.class);

    private final DigestService digests;

    public DigestJob(DigestService digests) {
        this.digests = digests;
    }

    @Scheduled(
            cron = "${churnwatch.alert.digest.daily-cron:0 0 7 * * ?}",
            identity = "digest-daily",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(DigestService.Period.DAILY);
    }

    @Scheduled(
            cron = "${churnwatch.alert.digest.weekly-cron:0 0 7 ? * MON}",
            identity = "digest-weekly",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> weekly() {
        return run(DigestService.Period.WEEKLY);
    }

    private Uni<Void> run(DigestService.Period period) {
        return digests.enqueue(period)
                .invoke(rows -> LOG.infof("%s digests: %d messages queued", period.wire(), rows))
                .onFailure()
                .invoke(e -> LOG.warnf("%s digests failed: %s", period.wire(), e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }
}
