package io.churnwatch.alert.delivery;

import io.churnwatch.events.Playbook;
import java.util.List;
import java.util.Map;

/** The human text of the playbook keys the scoring service suggests (docs/events.md). */
public final class Playbooks {

    private static final Map<String, String> STEPS = Map.of(
            Playbook.OUTREACH.wireName(), "Reach out proactively, before they complain",
            Playbook.DAY10_CHECKIN.wireName(), "Day-10 check-in: ask for feedback now and answer fast",
            Playbook.FIX_FAULT.wireName(), "Fix the reported fault and tell the customer it is fixed",
            Playbook.PERSONAL_CALL.wireName(), "Personal call from the account owner",
            Playbook.OFFER.wireName(), "Make a personalised offer or loyalty reward",
            Playbook.WIN_BACK.wireName(),
                    "Win back: ask why they left (exit survey), record the reason, make a return offer",
            Playbook.ONBOARDING.wireName(), "Onboarding or training session to deepen usage",
            Playbook.FEEDBACK_SURVEY.wireName(), "Send a short feedback survey and respond to it quickly");

    private Playbooks() {}

    /** The steps for the keys, in order; an unknown key is shown as it is. */
    public static List<String> steps(List<String> keys) {
        return keys == null
                ? List.of()
                : keys.stream().map(key -> STEPS.getOrDefault(key, key)).toList();
    }
}
