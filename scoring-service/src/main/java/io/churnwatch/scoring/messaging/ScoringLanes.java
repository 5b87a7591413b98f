package io.churnwatch.scoring.messaging;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Event loops for the consumer's copies ({@code mp.messaging.incoming.scoring-events.concurrency}), so
 * their batches are scored in parallel instead of taking turns on the one event loop the connector
 * hands them all to. Each copy has at most one batch in flight, so a free lane is always found; a
 * customer's partition belongs to one copy, so their batches still run one after another.
 */
@ApplicationScoped
public class ScoringLanes {

    private final List<Context> lanes;
    private final AtomicIntegerArray busy;

    public ScoringLanes(
            Vertx vertx,
            @ConfigProperty(
                            name = "mp.messaging.incoming." + EventConsumer.CHANNEL + ".concurrency",
                            defaultValue = "1")
                    int copies) {
        this.lanes = IntStream.range(0, Math.max(1, copies))
                .mapToObj(i -> (Context) ((VertxInternal) vertx).createEventLoopContext())
                .toList();
        this.busy = new AtomicIntegerArray(lanes.size());
    }

    /** Runs {@code work} on a free lane; its outcome is delivered back on the caller's context. */
    public <T> Uni<T> run(Supplier<Uni<T>> work) {
        if (lanes.size() == 1) {
            return Uni.createFrom().deferred(work::get);
        }
        Context caller = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> {
            int lane = acquire();
            Context context = VertxContext.createNewDuplicatedContext(lanes.get(lane));
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> work.get()
                    .subscribe()
                    .with(
                            item -> {
                                busy.set(lane, 0);
                                deliver(caller, () -> emitter.complete(item));
                            },
                            failure -> {
                                busy.set(lane, 0);
                                deliver(caller, () -> emitter.fail(failure));
                            }));
        });
    }

    int size() {
        return lanes.size();
    }

    private int acquire() {
        for (int attempt = 0; ; attempt++) {
            int lane = attempt % lanes.size();
            if (busy.compareAndSet(lane, 0, 1)) {
                return lane;
            }
            if (attempt >= lanes.size()) {
                Thread.onSpinWait();
            }
        }
    }

    private static void deliver(Context caller, Runnable action) {
        if (caller == null) {
            action.run();
        } else {
            caller.runOnContext(ignored -> action.run());
        }
    }
}
