package io.quarkiverse.rekuest.devserver.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server-side rules for a declared definition (protocol reference §1.3): validation of ports and flags, and
 * the action hash.
 */
public final class DefinitionRules {

    private static final String[] HASHED_FIELDS = { "name", "description", "args", "returns", "stateful", "isTestFor",
            "collections", "key", "version" };

    private DefinitionRules() {
    }

    /** Rejects a definition the real server rejects, naming the port and the rule. */
    public static void validate(JsonNode definition, String effect) {
        String key = definition.path("key").asText();
        boolean pure = definition.path("pure").asBoolean(false);
        if (pure && definition.path("stateful").asBoolean(false)) {
            throw new RekuestException("Action '" + key + "' cannot be both pure and stateful");
        }
        if (pure && "PHYSICAL".equals(effect)) {
            throw new RekuestException("Action '" + key + "' is pure and cannot have a PHYSICAL effect");
        }
        Set<String> portKeys = new HashSet<>();
        for (String side : new String[] { "args", "returns" }) {
            Set<String> seen = new HashSet<>();
            for (JsonNode port : definition.path(side)) {
                String portKey = port.path("key").asText();
                if (!seen.add(portKey)) {
                    throw new RekuestException("Action '" + key + "' declares " + side + " port '" + portKey + "' twice");
                }
                portKeys.add(portKey);
            }
        }
        for (String side : new String[] { "args", "returns" }) {
            for (JsonNode port : definition.path(side)) {
                validatePort(key, side + "." + port.path("key").asText(), port, portKeys);
            }
        }
    }

    private static void validatePort(String action, String path, JsonNode port, Set<String> portKeys) {
        String kind = port.path("kind").asText();
        int children = port.path("children").isArray() ? port.path("children").size() : 0;
        if (("LIST".equals(kind) || "DICT".equals(kind)) && children != 1) {
            throw new RekuestException("Port '" + path + "' of action '" + action + "' is a " + kind
                    + " and must have exactly one child (it has " + children + ")");
        }
        boolean quantity = "QUANTITY".equals(kind);
        if (quantity && !port.hasNonNull("referenceUnit")) {
            throw new RekuestException(
                    "Port '" + path + "' of action '" + action + "' is a QUANTITY and needs a referenceUnit");
        }
        if (!quantity
                && (port.hasNonNull("referenceUnit") || port.hasNonNull("proposedUnits") || port.hasNonNull("dimension"))) {
            throw new RekuestException("Port '" + path + "' of action '" + action
                    + "' is not a QUANTITY: referenceUnit, proposedUnits and dimension are not allowed");
        }
        for (String list : new String[] { "effects", "validators" }) {
            for (JsonNode item : port.path(list)) {
                for (JsonNode dependency : item.path("dependencies")) {
                    if (!portKeys.contains(dependency.asText())) {
                        throw new RekuestException("Port '" + path + "' of action '" + action + "' has " + list
                                + " depending on '" + dependency.asText() + "', which is not a port of this action");
                    }
                }
            }
        }
        for (JsonNode child : port.path("children")) {
            validatePort(action, path + "." + child.path("key").asText(), child, portKeys);
        }
    }

    /** sha256 of the canonical (sorted-key) JSON of the hashed subset. Deterministic; callers treat it as opaque. */
    public static String hash(JsonNode definition) {
        ObjectNode subset = Json.object();
        for (String field : HASHED_FIELDS) {
            subset.set(field, definition.get(field));
        }
        try {
            byte[] canonical = Json.CANONICAL.writeValueAsBytes(Json.CANONICAL.treeToValue(subset, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash definition", e);
        }
    }
}
