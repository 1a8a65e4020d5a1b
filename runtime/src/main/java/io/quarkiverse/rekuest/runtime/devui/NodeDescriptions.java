package io.quarkiverse.rekuest.runtime.devui;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.RegisteredNode;

/**
 * A node as the Dev UI shows it: the definition the agent registers (the same JSON as the server gets: key,
 * description, ports with kinds, defaults, widgets, choices, children, collections) and what only the application
 * knows (the Java method, its execution model, how it hands back results).
 */
final class NodeDescriptions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private NodeDescriptions() {
    }

    static Map<String, Object> describe(RegisteredNode node) {
        NodeMetadata metadata = node.metadata();
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("interface", metadata.interfaceName());
        description.put("definition", definition(metadata));
        description.put("signature", metadata.signature());
        description.put("className", className(metadata.signature()));
        description.put("methodName", methodName(metadata.signature()));
        description.put("executionModel", metadata.executionModel().name());
        description.put("returnKind", metadata.returnKind().name());
        description.put("effect", metadata.effect().name());
        description.put("takesTask", metadata.takesTask());
        return description;
    }

    private static Map<String, Object> definition(NodeMetadata metadata) {
        try {
            return JSON.readValue(metadata.definition().toJson(), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The definition of " + metadata.signature() + " is not valid JSON", e);
        }
    }

    /** {@code com.acme.Lab#sleep(long)} gives {@code com.acme.Lab}, the name the IDE link opens. */
    static String className(String signature) {
        int hash = signature.indexOf('#');
        return hash < 0 ? signature : signature.substring(0, hash);
    }

    /** {@code com.acme.Lab#sleep(long)} gives {@code sleep}. */
    static String methodName(String signature) {
        int hash = signature.indexOf('#');
        int paren = signature.indexOf('(', hash + 1);
        return hash < 0 ? "" : signature.substring(hash + 1, paren < 0 ? signature.length() : paren);
    }
}
