package io.quarkiverse.rekuest.devserver.store;

import java.time.OffsetDateTime;

/** One event of a task; its numeric id doubles as the mirror {@code seq} (§2.8). */
public record TaskEventRecord(String id, long seq, TaskRecord task, TaskEventKind kind, String message, Integer progress,
        Object returns, String level, OffsetDateTime createdAt, String reference) {
}
