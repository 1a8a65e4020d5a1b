package io.quarkiverse.rekuest.runtime.graphql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import io.quarkiverse.rekuest.runtime.NodeMetadata;
import io.quarkiverse.rekuest.runtime.NodeRequirements;
import io.quarkiverse.rekuest.runtime.Requirements;
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
    private volatile String hookUrl;
    private volatile String hookSecret;
    private final String states;
    private final String locks;

    /**
     * @param name the agent's display name
     * @param nodes the nodes, in a stable order
     */
    public AgentDeclaration(String name, List<NodeMetadata> nodes) {
        this(name, nodes, new Requirements(java.util.Map.of()), "[]", null);
    }

    /**
     * @param name the agent's display name
     * @param nodes the nodes, in a stable order
     * @param requirements the nodes' locks and states: {@code locks}, {@code manipulates} and {@code stateful}
     * @param states the {@code StateImplementationInput}s, as a JSON array
     * @param dependencies what the nodes need of other applications, or {@code null} for nothing
     */
    public AgentDeclaration(String name, List<NodeMetadata> nodes, Requirements requirements, String states,
            NodeDependencies dependencies) {
        this.name = name;
        this.states = states;
        JsonWriter locks = new JsonWriter();
        locks.beginArray();
        for (String key : requirements.lockKeys()) {
            locks.beginObject().name("key").value(key);
            locks.name("definition").beginObject().name("key").value(key).endObject();
            locks.endObject();
        }
        locks.endArray();
        this.locks = locks.toString();
        JsonWriter json = new JsonWriter();
        json.beginArray();
        for (NodeMetadata node : nodes) {
            json.beginObject();
            json.name("interface").value(node.interfaceName());
            NodeRequirements needs = requirements.of(node.interfaceName());
            json.name("definition");
            node.definition().writeTo(json, needs.stateful());
            if (dependencies == null) {
                json.name("dependencies").beginArray().endArray();
            } else {
                json.name("dependencies").rawValue(dependencies.implementationInput(node.interfaceName()));
            }
            json.name("effect").value(node.effect().name());
            // no provenance token is minted per task unless a node needs one (the Task handle exposes none yet)
            json.name("needsToken").value(false);
            if (!needs.locks().isEmpty()) {
                json.name("locks").beginArray();
                needs.locks().forEach(json::value);
                json.endArray();
            }
            if (needs.stateful()) {
                json.name("manipulates").beginArray();
                needs.manipulates().forEach(json::value);
                json.endArray();
            }
            json.endObject();
        }
        json.endArray();
        this.implementations = json.toString();
        // without states and locks the hash is what it always was: agents that have none are not re-implemented
        this.hash = "[]".equals(states) && "[]".equals(this.locks) ? sha256(name + "\n" + implementations)
                : sha256(name + "\n" + implementations + "\n" + states + "\n" + this.locks);
    }

    /** The hex SHA-256 of the declaration: equal declarations have equal hashes. */
    public String hash() {
        return hash;
    }

    /** The {@code AgentInput} of {@code ensureAgent}, as JSON. */
    public String ensureAgentInput() {
        JsonWriter json = new JsonWriter();
        String url = hookUrl;
        if (url == null) {
            json.beginObject().name("name").value(name).name("kind").value("WEBSOCKET").endObject();
        } else {
            json.beginObject().name("name").value(name).name("kind").value("WEBHOOK").name("hookUrl").value(url)
                    .name("hookUrlSecret").value(hookSecret).endObject();
        }
        return json.toString();
    }

    /**
     * Declares a webhook agent (§2.11): {@code ensureAgent} then carries {@code kind: WEBHOOK}, the URL the server POSTs
     * to and the shared secret. Not part of the hash: {@code ensureAgent} sends them every time.
     */
    public void webhook(String url, String secret) {
        this.hookSecret = secret;
        this.hookUrl = url;
    }

    /** The {@code ImplementAgentInput} of {@code implementAgent}, as JSON. */
    public String implementAgentInput() {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("name").value(name);
        json.name("implementations").rawValue(implementations);
        json.name("states").rawValue(states);
        json.name("locks").rawValue(locks);
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
