package io.quarkiverse.rekuest.devserver.store;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function contract, identified by (organization, app, key, version). Updated in place when its app registers a
 * new definition under the same identity.
 */
public final class ActionRecord {

    public final String id;
    public final String organization;
    public final String app;
    public final String key;
    public final String version;
    public volatile String hash;
    public volatile String name;
    public volatile String description;
    public volatile String kind;
    public volatile boolean stateful;
    public volatile boolean pure;
    public volatile boolean idempotent;
    public volatile boolean isDev;
    public final boolean pinned = false;
    public volatile List<String> collections;
    public volatile OffsetDateTime definedAt;
    /** The normalised definition (camelCase, defaults filled in) as it was declared. */
    public volatile JsonNode definition;

    ActionRecord(String id, String organization, String app, String key, String version) {
        this.id = id;
        this.organization = organization;
        this.app = app;
        this.key = key;
        this.version = version;
    }
}
