package io.churnwatch.alert.delivery;

import java.util.List;

/** What the outbox row of a digest holds: its title and one message per episode, in rank order. */
public record DigestMessage(String title, List<AlertMessage> alerts) {

    /** The outbox purpose of a digest row. */
    public static final String PURPOSE = "digest";
}
