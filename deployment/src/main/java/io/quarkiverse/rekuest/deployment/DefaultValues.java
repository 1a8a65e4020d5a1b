package io.quarkiverse.rekuest.deployment;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkiverse.rekuest.runtime.definition.Choice;
import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/** Checks a {@code @Port(defaultValue)} against its port and brings it to compact JSON. */
final class DefaultValues {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private DefaultValues() {
    }

    /**
     * @param json the default as written
     * @param port the port it is for (its own default is ignored)
     * @param portPath the port's name for messages
     * @return the default as compact JSON
     */
    static String canonical(String json, PortDefinition port, String portPath) throws InvalidDefaultException {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidDefaultException(portPath, json, "it is not JSON",
                    "write JSON, with quotes around a string: @Port(defaultValue = \"\\\"" + json + "\\\"\").");
        }
        if (node == null || node.isMissingNode()) {
            throw new InvalidDefaultException(portPath, json, "it is not JSON", "write one JSON value.");
        }
        check(node, port, portPath, json);
        return node.toString();
    }

    private static void check(JsonNode node, PortDefinition port, String path, String json)
            throws InvalidDefaultException {
        if (node.isNull()) {
            if (!port.nullable()) {
                throw new InvalidDefaultException(path, json, "null is not allowed where the port is not nullable");
            }
            return;
        }
        switch (port.kind()) {
            case INT -> expect(node.isIntegralNumber(), "an integer", node, path, json);
            case FLOAT -> expect(node.isNumber(), "a number", node, path, json);
            case BOOL -> expect(node.isBoolean(), "true or false", node, path, json);
            case STRING, DATE -> expect(node.isTextual(), "a string", node, path, json);
            case ENUM -> {
                boolean member = false;
                for (Choice choice : port.choices()) {
                    member |= node.isTextual() && choice.value().equals(node.textValue());
                }
                expect(member, "one of " + choiceValues(port), node, path, json);
            }
            case LIST -> {
                expect(node.isArray(), "an array", node, path, json);
                int i = 0;
                for (JsonNode item : node) {
                    check(item, port.children().get(0), path + "[" + i++ + "]", json);
                }
            }
            case DICT -> {
                expect(node.isObject(), "an object", node, path, json);
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    check(entry.getValue(), port.children().get(0), path + "." + entry.getKey(), json);
                }
            }
            case MODEL -> checkModel(node, port, path, json);
            case UNION -> {
                JsonNode use = node.get("__use");
                expect(node.isObject() && use != null && use.isIntegralNumber() && use.intValue() >= 0
                        && use.intValue() < port.children().size(),
                        "{\"__use\": <variant index 0.." + (port.children().size() - 1) + ">, \"__value\": <value>}", node,
                        path, json);
                check(node.get("__value") == null ? com.fasterxml.jackson.databind.node.NullNode.instance
                        : node.get("__value"), port.children().get(use.intValue()), path + ".__value", json);
            }
            default -> throw new InvalidDefaultException(path, json, "a " + port.kind() + " port has no default");
        }
    }

    private static void checkModel(JsonNode node, PortDefinition port, String path, String json)
            throws InvalidDefaultException {
        expect(node.isObject(), "an object", node, path, json);
        Set<String> known = new HashSet<>();
        for (PortDefinition child : port.children()) {
            known.add(child.key());
            JsonNode value = node.get(child.key());
            if (value == null) {
                if (!child.nullable() && child.defaultValue() == null) {
                    throw new InvalidDefaultException(path, json, "it has no value for " + child.key());
                }
            } else {
                check(value, child, path + "." + child.key(), json);
            }
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name) && !name.equals("__identifier")) {
                throw new InvalidDefaultException(path, json, port.identifier() + " has no component " + name);
            }
        }
    }

    private static void expect(boolean ok, String what, JsonNode node, String path, String json)
            throws InvalidDefaultException {
        if (!ok) {
            throw new InvalidDefaultException(path, json, node + " is not " + what);
        }
    }

    private static String choiceValues(PortDefinition port) {
        StringBuilder out = new StringBuilder("[");
        for (Choice choice : port.choices()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append('"').append(choice.value()).append('"');
        }
        return out.append(']').toString();
    }
}
