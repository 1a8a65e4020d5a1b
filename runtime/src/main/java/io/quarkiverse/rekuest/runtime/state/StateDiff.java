package io.quarkiverse.rekuest.runtime.state;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The JSON-patch operations (RFC 6902, paths RFC 6901) that turn one state value into another: objects are compared
 * member by member ({@code add}, {@code remove}, or deeper), anything else that differs is {@code replace}d whole.
 */
final class StateDiff {

    /** One operation: {@code old} is the value it replaces or removes (null for add). */
    record Op(String op, String path, JsonNode value, JsonNode old) {
    }

    private StateDiff() {
    }

    static void diff(JsonNode before, JsonNode after, String path, List<Op> ops) {
        if (before.equals(after)) {
            return;
        }
        if (before.isObject() && after.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = after.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> member = it.next();
                String memberPath = path + "/" + escape(member.getKey());
                JsonNode old = before.get(member.getKey());
                if (old == null) {
                    ops.add(new Op("add", memberPath, member.getValue(), null));
                } else {
                    diff(old, member.getValue(), memberPath, ops);
                }
            }
            for (Iterator<String> it = before.fieldNames(); it.hasNext();) {
                String name = it.next();
                if (!after.has(name)) {
                    ops.add(new Op("remove", path + "/" + escape(name), null, before.get(name)));
                }
            }
            return;
        }
        ops.add(new Op("replace", path, after, before));
    }

    private static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }
}
