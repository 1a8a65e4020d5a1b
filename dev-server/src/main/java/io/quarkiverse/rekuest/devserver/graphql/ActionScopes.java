package io.quarkiverse.rekuest.devserver.graphql;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code Action.scope} as the real server infers it from the definition: a port is local when it, or any port nested
 * in it, is a MEMORY_STRUCTURE (a value that lives only inside its agent).
 */
final class ActionScopes {

    private ActionScopes() {
    }

    static String of(JsonNode definition) {
        boolean localArgs = hasLocal(definition.path("args"));
        boolean localReturns = hasLocal(definition.path("returns"));
        if (localArgs) {
            return localReturns ? "LOCAL" : "BRIDGE_LOCAL_TO_GLOBAL";
        }
        return localReturns ? "BRIDGE_GLOBAL_TO_LOCAL" : "GLOBAL";
    }

    private static boolean hasLocal(JsonNode ports) {
        for (JsonNode port : ports) {
            if ("MEMORY_STRUCTURE".equals(port.path("kind").asText()) || hasLocal(port.path("children"))) {
                return true;
            }
        }
        return false;
    }
}
