package io.churnwatch.scoring.state;

/**
 * What one batch did.
 *
 * @param applied events applied to customer state
 * @param redelivered records skipped because their offset was already applied
 * @param duplicates events skipped because their message id was already applied
 * @param deadLettered records sent to the dead-letter topic
 */
public record BatchResult(int applied, int redelivered, int duplicates, int deadLettered) {

    /** Both outcomes together, for a batch applied in parts. */
    public BatchResult plus(BatchResult other) {
        return new BatchResult(
                applied + other.applied,
                redelivered + other.redelivered,
                duplicates + other.duplicates,
                deadLettered + other.deadLettered);
    }
}
