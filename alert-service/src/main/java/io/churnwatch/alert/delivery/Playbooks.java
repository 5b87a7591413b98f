package io.churnwatch.alert.delivery;

import java.util.List;
import java.util.Map;

/** The human text of the playbook keys the scoring service suggests (docs/events.md). */
public final class Playbooks {

    private static final Map<String, String> STEPS = Map.of(
            "outreach", "Reach out proactively, before they complain",
            "day10_checkin", "Day-10 check-in: ask for feedback now and answer fast",
            "fix_fault", "Fix the reported fault and tell the customer it is fixed",
            "personal_call", "Personal call from the account owner",
            "offer", "Make a personalised offer or loyalty reward",
            "win_back", "Win back: ask why they left (exit survey), record the reason, make a return offer",
            "onboarding", "Onboarding or training session to deepen usage",
            "feedback_survey", "Send a short feedback survey and respond to it quickly");

    private Playbooks() {
    }

    /** The steps for the keys, in order; an unknown key is shown as it is. */
    public static List<String> steps(List<String> keys) {
        return keys == null ? List.of() : keys.stream().map(key -> STEPS.getOrDefault(key, key)).toList();
    }
}
