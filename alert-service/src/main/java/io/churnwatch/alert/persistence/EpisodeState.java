package io.churnwatch.alert.persistence;

/** Where an episode is in its life. */
public enum EpisodeState {
    OPEN,
    ACKNOWLEDGED,
    SNOOZED,
    RESOLVED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
