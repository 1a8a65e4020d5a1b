package io.quarkiverse.rekuest.test.wire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hand-built definitions, as {@code implementAgent} takes them ({@code ImplementationInput} with its
 * {@code DefinitionInput}): what an agent written in another language declares. Every map is mutable, so that a
 * test can add or change a field before sending it.
 */
public final class Definitions {

    private Definitions() {
    }

    /** A non-nullable port. */
    public static Map<String, Object> port(String key, String kind) {
        Map<String, Object> port = new LinkedHashMap<>();
        port.put("key", key);
        port.put("kind", kind);
        port.put("nullable", false);
        return port;
    }

    /** The return ports {@code return0 ... returnN} of these kinds. */
    public static List<Map<String, Object>> returns(String... kinds) {
        List<Map<String, Object>> ports = new java.util.ArrayList<>();
        for (int i = 0; i < kinds.length; i++) {
            ports.add(port("return" + i, kinds[i]));
        }
        return ports;
    }

    /**
     * An implementation with interface {@code key} of the definition {@code key} (version 1, {@code kind} FUNCTION or
     * GENERATOR), not stateful, not a dev action.
     */
    public static Map<String, Object> implementation(String key, String kind, boolean idempotent,
            List<Map<String, Object>> args, List<Map<String, Object>> returns) {
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("key", key);
        definition.put("version", "1");
        definition.put("name", key);
        definition.put("description", "the " + key + " action");
        definition.put("kind", kind);
        definition.put("collections", List.of());
        definition.put("portGroups", List.of());
        definition.put("isTestFor", List.of());
        definition.put("stateful", false);
        definition.put("idempotent", idempotent);
        definition.put("isDev", false);
        definition.put("args", args);
        definition.put("returns", returns);
        Map<String, Object> implementation = new LinkedHashMap<>();
        implementation.put("interface", key);
        implementation.put("definition", definition);
        implementation.put("dependencies", List.of());
        return implementation;
    }

    /** A function with these argument ports and one return port {@code return0} of {@code returnKind}. */
    public static Map<String, Object> function(String key, boolean idempotent, String returnKind,
            List<Map<String, Object>> args) {
        return implementation(key, "FUNCTION", idempotent, args, returns(returnKind));
    }

    /** The {@code definition} map inside an implementation. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> definitionOf(Map<String, Object> implementation) {
        return (Map<String, Object>) implementation.get("definition");
    }
}
