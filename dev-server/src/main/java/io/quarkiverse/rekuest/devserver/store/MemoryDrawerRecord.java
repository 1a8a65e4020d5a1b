package io.quarkiverse.rekuest.devserver.store;

import java.time.OffsetDateTime;

/** One value shelved by an agent, addressed by its id. */
public record MemoryDrawerRecord(String id, String resourceId, MemoryShelveRecord shelve, String identifier,
        String description, OffsetDateTime createdAt, String label) {
}
