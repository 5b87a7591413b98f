package io.churnwatch.events;

import java.util.Locale;

/**
 * The playbooks scoring suggests in {@link RiskChange#playbooks()}, by their wire names
 * ({@code day10_checkin}); alert-service words them for people and opens a quiet check-in episode at
 * {@link #DAY10_CHECKIN}. A consumer shows an unknown name as it is.
 */
public enum Playbook {
    OUTREACH,
    DAY10_CHECKIN,
    FIX_FAULT,
    PERSONAL_CALL,
    OFFER,
    WIN_BACK,
    ONBOARDING,
    FEEDBACK_SURVEY;

    private final String wireName = name().toLowerCase(Locale.ROOT);

    /** The name in a risk change's {@code playbooks}. */
    public String wireName() {
        return wireName;
    }
}
