package io.churnwatch.bench;

import io.churnwatch.bench.LogGenerator.Label;
import java.util.Locale;

/**
 * A world of synthetic customers for {@code bench/generate-log --world NAME}: how one customer behaves
 * over the log and what really happened to it. The worlds other than {@code mixed} do not share the
 * scoring model's assumptions: churners' silence before churn varies from none (a cancellation while
 * active) to two months, stayers go quiet for long stretches, and lapsers buy in bursts with long
 * geometric gaps, some never returning.
 */
public enum World {
    /** The original five behaviours (steady, fading, complainer, seasonal, silent leaver); churn 15 days after the last use. */
    MIXED(null),
    /** A daily consumer app: regulars, casual users, faders, cancellations while active, trial drop-outs, lapsers. */
    DAILY_B2C(new DailyB2cWorld()),
    /** Accounts used weekly by their seats, with segments, tickets, quarterly NPS, champions leaving and renewals. */
    WEEKLY_B2B(new WeeklyB2bWorld()),
    /** Usage around monthly billing cycles; churn is a cancellation at a cycle's end, or a failed payment's dunning end. */
    MONTHLY_BILLING(new MonthlyBillingWorld()),
    /** Long breaks among those who stay (summer, holidays, off seasons, sabbaticals): silence alone is not churn. */
    SEASONAL(new SeasonalWorld());

    /** How one customer of a world behaves. */
    interface Model {
        Label simulate(SimCustomer customer);
    }

    private final Model model;

    World(Model model) {
        this.model = model;
    }

    /** The name on the command line, for example {@code daily-b2c}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static World of(String cliName) {
        for (World w : values()) {
            if (w.cliName().equals(cliName)) {
                return w;
            }
        }
        throw new IllegalArgumentException(
                "unknown world " + cliName + "; one of mixed, daily-b2c, weekly-b2b, monthly-billing, seasonal");
    }

    Model model() {
        return model;
    }
}
