package io.quarkiverse.rekuest.runtime.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.definition.JsonWriter;
import io.quarkiverse.rekuest.runtime.dependency.NodeDependencies;

/**
 * What the agent declares with {@code implementAgent}: its name and one implementation per node. Rendered
 * deterministically, so its hash changes only when the declaration does; an agent whose server-side hash is already
 * ours is not re-implemented.
 */
public final class AgentDeclaration {

    private final String name;
    private final String implementations;
    private final String hash;

    /**
     * @param name the agent's display name
     * @param nodes the nodes, in a stable order
     */
    public AgentDeclaration(String name, List<NodeMetadata> nodes) {
        this(name, nodes, null);
    }

    /**
     * @param name the agent's display name
     * @param nodes the nodes, in a stable order
     * @param dependencies what the nodes need of other applications, or {@code null} for nothing
     */
    public AgentDeclaration(String name, List<NodeMetadata> nodes, NodeDependencies dependencies) {
        this.name = name;
        JsonWriter json = new JsonWriter();
        json.beginArray();
        for (NodeMetadata node : nodes) {
            json.beginObject();
            json.name("interface").value(node.interfaceName());
            json.name("definition");
            node.definition().writeTo(json);
            if (dependencies == null) {
                json.name("dependencies").beginArray().endArray();
            } else {
                json.name("dependencies").rawValue(dependencies.implementationInput(node.interfaceName()));
            }
            json.name("effect").value(node.effect().name());
            // no provenance token is minted per task unless a node needs one (the Task handle exposes none yet)
            json.name("needsToken").value(false);
            json.endObject();
        }
        json.endArray();
        this.implementations = json.toString();
        this.hash = sha256(name + "\n" + implementations);
    }

    /** The hex SHA-256 of the declaration: equal declarations have equal hashes. */
    public String hash() {
        return hash;
    }

    /** The {@code AgentInput} of {@code ensureAgent}, as JSON. */
    public String ensureAgentInput() {
        JsonWriter json = new JsonWriter();
        json.beginObject().name("name").value(name).name("kind").value("WEBSOCKET").endObject();
        return json.toString();
    }

    /** The {@code ImplementAgentInput} of {@code implementAgent}, as JSON. */
    public String implementAgentInput() {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("name").value(name);
        json.name("implementations").rawValue(implementations);
        json.name("states").beginArray().endArray();
        json.name("locks").beginArray().endArray();
        json.name("hash").value(hash);
        json.endObject();
        return json.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
