package io.quarkiverse.rekuest.devserver.store;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builders for the frames the server sends on {@code /agi}. Like the real server (pydantic {@code model_dump_json}),
 * every field is present, nulls included.
 */
public final class Frames {

    private Frames() {
    }

    /**
     * A random (version 4) UUID for frame ids and generated references. Ids need to be unique, not unguessable, so
     * this skips {@link UUID#randomUUID()}'s SecureRandom, which is costly on a hot path.
     */
    public static String randomId() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        long most = (random.nextLong() & ~0xF000L) | 0x4000L;
        long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(most, least).toString();
    }

    public static ObjectNode frame(String type) {
        // sized for the largest frame (ASSIGN, 17 fields) so that building it never rehashes
        ObjectNode frame = new ObjectNode(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance,
                new java.util.LinkedHashMap<>(32));
        frame.put("id", randomId());
        frame.put("type", type);
        return frame;
    }

    static ObjectNode assign(TaskRecord task, String root, String parent) {
        ObjectNode f = frame("ASSIGN");
        f.put("interface", task.implementation.interfaceName);
        f.putNull("step");
        f.put("task", task.id);
        f.put("root", root);
        f.put("parent", parent);
        f.putNull("resolution");
        f.put("capture", task.capture);
        f.put("reference", task.reference);
        f.set("args", Json.toTree(task.args));
        f.putNull("message");
        f.put("user", task.caller.sub());
        f.put("org", task.caller.organization());
        f.put("action", task.action.hash);
        f.put("implementation", task.implementation.id);
        f.putNull("token"); // no provenance signer in the dev server (§5.6 allows null)
        return f;
    }

    static ObjectNode control(String type, TaskRecord task) {
        ObjectNode f = frame(type);
        f.put("task", task.id);
        return f;
    }

    /** The {@code <KIND>_EVENT} mirror sent to the caller's own socket (§2.8). */
    static ObjectNode mirror(TaskEventRecord e) {
        ObjectNode f = Json.object();
        f.put("id", randomId());
        f.put("task", e.task().id);
        f.put("event", e.id());
        f.put("seq", e.seq());
        f.put("type", e.kind().name() + "_EVENT");
        switch (e.kind()) {
            case PROGRESS -> {
                if (e.progress() == null) {
                    f.putNull("progress");
                } else {
                    f.put("progress", e.progress());
                }
                f.put("message", e.message());
            }
            case DISCONNECTED -> f.put("message", e.message());
            case YIELD -> f.set("returns", Json.toTree(e.returns()));
            case LOG -> {
                f.put("message", e.message());
                f.put("level", e.level());
            }
            case FAILED, CRITICAL -> f.put("error", e.message());
            default -> {
            }
        }
        return f;
    }
}
