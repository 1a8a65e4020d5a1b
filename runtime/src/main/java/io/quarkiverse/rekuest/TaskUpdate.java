package io.quarkiverse.rekuest;

import java.util.Map;

/**
 * One event of an {@link AssignedTask}, as the server recorded it.
 *
 * @param id the event's id on the server (events are unique by it), or {@code null} for an event the server did not
 *        number
 * @param kind the event kind, a v2.2.0 {@code TaskEventKind} name: {@code BOUND QUEUED STARTED PROGRESS DELEGATE
 *        DISCONNECTED YIELD COMPLETED LOG CANCELLING CANCELLED INTERRUPTING INTERRUPTED PAUSING PAUSED RESUMING RESUMED
 *        FAILED CRITICAL}
 * @param returns the values of a {@code YIELD} by return port key, as plain JSON values ({@code String},
 *        {@code Integer}/{@code Long}/{@code Double}, {@code Boolean}, {@code List}, {@code Map}, {@code null}); empty
 *        for every other kind
 * @param message the error of {@code FAILED} and {@code CRITICAL}, the text of {@code LOG} and {@code PROGRESS}, or
 *        {@code null}
 * @param progress the percentage of a {@code PROGRESS} event (0-100), or {@code null}
 */
public record TaskUpdate(String id, String kind, Map<String, Object> returns, String message, Integer progress) {

    public TaskUpdate {
        if (kind == null || kind.isBlank()) {
            throw new IllegalArgumentException("A task update needs its kind");
        }
        returns = returns == null ? Map.of() : java.util.Collections.unmodifiableMap(returns);
    }

    /** Whether the task ended with this event. */
    public boolean terminal() {
        return isTerminal(kind);
    }

    /** Whether an event of this kind ends its task: {@code COMPLETED, FAILED, CRITICAL, CANCELLED, INTERRUPTED}. */
    public static boolean isTerminal(String kind) {
        return switch (kind == null ? "" : kind) {
            case "COMPLETED", "FAILED", "CRITICAL", "CANCELLED", "INTERRUPTED" -> true;
            default -> false;
        };
    }
}
