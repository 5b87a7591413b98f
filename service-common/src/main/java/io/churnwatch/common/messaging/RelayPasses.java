package io.churnwatch.common.messaging;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a relay's passes one at a time, whoever asks for one (its poll, or a wake-up after a commit): a request
 * that comes while a pass runs gets one more pass right after it, and a full pass (a backlog) is followed at once
 * by the next. One pass at a time per instance also keeps a channel's rate limit counted by one pass at a time.
 */
public final class RelayPasses {

    private static final Logger LOG = Logger.getLogger(RelayPasses.class);

    private final String name;
    private final Supplier<Uni<Integer>> pass;
    private final int fullPass;
    private final Runnable askAgain;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();

    /**
     * @param pass one pass; its item is the number of rows it handled
     * @param fullPass a pass handling this many rows is followed at once by another
     * @param askAgain posts a new request (used when one came in just as the last pass ended)
     */
    public RelayPasses(String name, Supplier<Uni<Integer>> pass, int fullPass, Runnable askAgain) {
        this.name = name;
        this.pass = pass;
        this.fullPass = fullPass;
        this.askAgain = askAgain;
    }

    /** Runs passes until there is nothing left to do now, or, when passes are already running, asks them for one more. */
    public Uni<Void> run() {
        requested.set(true);
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom()
                .deferred(() -> {
                    requested.set(false);
                    return pass.get();
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    LOG.warnf("%s pass failed: %s", name, failure.toString());
                    return 0;
                })
                .repeat()
                .whilst(handled -> handled >= fullPass || requested.get())
                .collect()
                .last()
                .onTermination()
                .invoke(() -> {
                    running.set(false);
                    // The request flag is set before the running check above, so a request that found a pass running is
                    // seen here.
                    if (requested.get()) {
                        askAgain.run();
                    }
                })
                .replaceWithVoid();
    }
}
