package io.quarkiverse.rekuest.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.NodeMetadata;

/**
 * A golden assertion on the wire definition of a {@code @Node}: what other apps see and call. A refactoring that
 * changes it (a renamed parameter, a changed type, a new return) makes a different action, which callers written
 * against the old one no longer find; this assertion shows the change before it ships.
 * <p>
 * The golden file holds the {@code DefinitionInput} exactly as the agent sends it and its SHA-256 ({@link #hash()},
 * a fingerprint of that JSON; the server computes its own action hash from the same definition). Run the tests once
 * with {@code -Drekuest.golden.update=true} to write or rewrite the files, and review their diff.
 */
public final class DefinitionAssert {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final NodeMetadata node;

    DefinitionAssert(NodeMetadata node) {
        this.node = node;
    }

    /** The definition as the agent sends it ({@code DefinitionInput} JSON, in the agent's field order). */
    public String json() {
        return node.definition().toJson();
    }

    /** The SHA-256 (hex) of {@link #json()}: equal exactly when the wire definition is equal. */
    public String hash() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(json().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Asserts {@link #hash()}. */
    public DefinitionAssert hasHash(String expected) {
        if (!hash().equals(expected)) {
            throw new AssertionError("The wire definition of node " + node.interfaceName() + " (" + node.signature()
                    + ") changed: hash " + hash() + ", expected " + expected + ". Other apps call the action by this "
                    + "definition; if the change is intended, update the hash. Definition now:\n" + json());
        }
        return this;
    }

    /**
     * Asserts the golden file {@code golden} ({@code {"interface", "hash", "definition"}}); writes it instead when
     * {@code -Drekuest.golden.update=true}.
     */
    public DefinitionAssert matchesGolden(Path golden) {
        String actual = render();
        try {
            if (Boolean.getBoolean("rekuest.golden.update")) {
                if (golden.getParent() != null) {
                    Files.createDirectories(golden.getParent());
                }
                Files.writeString(golden, actual, StandardCharsets.UTF_8);
                return this;
            }
            if (!Files.exists(golden)) {
                throw new AssertionError("No golden definition " + golden + " for node " + node.interfaceName()
                        + ": run the tests once with -Drekuest.golden.update=true to write it, and commit it");
            }
            String expected = Files.readString(golden, StandardCharsets.UTF_8);
            if (!expected.equals(actual)) {
                throw new AssertionError("The wire definition of node " + node.interfaceName() + " (" + node.signature()
                        + ") differs from " + golden + ". Other apps call the action by this definition: a change makes a"
                        + " new action that callers of the old one do not find. If intended, rerun with"
                        + " -Drekuest.golden.update=true and review the diff.\nexpected:\n" + expected + "\nactual:\n"
                        + actual);
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read or write " + golden + ": " + e.getMessage(), e);
        }
    }

    private String render() {
        try {
            ObjectNode entry = MAPPER.createObjectNode();
            entry.put("interface", node.interfaceName());
            entry.put("hash", hash());
            entry.set("definition", MAPPER.readTree(json()));
            return MAPPER.writeValueAsString(entry) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
