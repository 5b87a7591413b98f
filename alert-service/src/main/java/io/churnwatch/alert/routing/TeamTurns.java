package io.churnwatch.alert.routing;

import io.churnwatch.alert.persistence.TeamCursor;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.LockModeType;
import java.util.HashMap;
import java.util.Map;

/**
 * The round robins' turns within one transaction: a team's cursor row is locked when the team is first
 * asked for, then advanced in memory and written at commit.
 */
public final class TeamTurns {

    private final Map<String, TeamCursor> cursors = new HashMap<>();

    /** The turn to take now (0, 1, 2, …); the next caller gets the following one. */
    public Uni<Long> next(String tenant, String team) {
        String id = tenant + "/" + team;
        TeamCursor known = cursors.get(id);
        if (known != null) {
            return Uni.createFrom().item(known.turn++);
        }
        return TeamCursor.<TeamCursor>findById(id, LockModeType.PESSIMISTIC_WRITE)
                .chain(found -> {
                    if (found == null) {
                        TeamCursor fresh = new TeamCursor();
                        fresh.id = id;
                        fresh.turn = 1;
                        cursors.put(id, fresh);
                        return fresh.persist().replaceWith(0L);
                    }
                    cursors.put(id, found);
                    return Uni.createFrom().item(found.turn++);
                });
    }
}
