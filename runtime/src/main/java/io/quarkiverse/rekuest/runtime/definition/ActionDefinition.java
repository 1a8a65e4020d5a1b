package io.quarkiverse.rekuest.runtime.definition;

import java.util.List;

import io.quarkus.runtime.annotations.RecordableConstructor;

/**
 * The contract of an action, rendered as the rekuest server's {@code DefinitionInput}.
 *
 * @param key the action's key, stable within the application
 * @param version the version of the contract
 * @param name the display name
 * @param description what the action does, or {@code null}
 * @param kind whether it yields once or many times
 * @param collections the collections it is grouped in
 * @param pure whether the same arguments always give the same result
 * @param idempotent whether running it twice does no more than running it once
 * @param args the input ports, in the order of the method's parameters
 * @param returns the output ports {@code return0..n}; empty for a method returning nothing
 * @param portGroups {@code PortGroupInput}s as compact JSON objects
 * @param isTestFor {@code TestTargetInput}s as compact JSON objects
 */
public record ActionDefinition(
        String key,
        String version,
        String name,
        String description,
        ActionKind kind,
        List<String> collections,
        boolean pure,
        boolean idempotent,
        List<PortDefinition> args,
        List<PortDefinition> returns,
        List<String> portGroups,
        List<String> isTestFor) {

    /** The key of the {@code index}-th return port. */
    public static String returnKey(int index) {
        return "return" + index;
    }

    @RecordableConstructor
    public ActionDefinition {
        collections = collections == null ? List.of() : collections;
        args = args == null ? List.of() : args;
        returns = returns == null ? List.of() : returns;
        portGroups = portGroups == null ? List.of() : portGroups;
        isTestFor = isTestFor == null ? List.of() : isTestFor;
    }

    /** A definition without port groups or test targets. */
    public ActionDefinition(String key, String version, String name, String description, ActionKind kind,
            List<String> collections, boolean pure, boolean idempotent, List<PortDefinition> args,
            List<PortDefinition> returns) {
        this(key, version, name, description, kind, collections, pure, idempotent, args, returns, null, null);
    }

    /**
     * Renders the {@code DefinitionInput} JSON object. Deterministic: fields always come in the same order,
     * ports in declaration order, and equal definitions render to equal strings.
     */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        writeTo(json);
        return json.toString();
    }

    /** Writes the {@code DefinitionInput} JSON object to {@code json}. */
    public void writeTo(JsonWriter json) {
        writeTo(json, false);
    }

    /**
     * Writes the {@code DefinitionInput} JSON object to {@code json}.
     *
     * @param stateful whether the implementation changes agent state (its node lists states in {@code manipulates})
     */
    public void writeTo(JsonWriter json, boolean stateful) {
        json.beginObject();
        json.name("key").value(key);
        json.name("version").value(version);
        json.name("name").value(name);
        json.name("description").value(description);
        json.name("kind").value(kind.name());
        json.name("collections").beginArray();
        for (String collection : collections) {
            json.value(collection);
        }
        json.endArray();
        json.name("portGroups").beginArray();
        portGroups.forEach(json::rawValue);
        json.endArray();
        json.name("isTestFor").beginArray();
        isTestFor.forEach(json::rawValue);
        json.endArray();
        json.name("stateful").value(stateful);
        json.name("pure").value(pure);
        json.name("idempotent").value(idempotent);
        json.name("isDev").value(false);
        json.name("args").beginArray();
        for (PortDefinition arg : args) {
            arg.writeTo(json);
        }
        json.endArray();
        json.name("returns").beginArray();
        for (PortDefinition ret : returns) {
            ret.writeTo(json);
        }
        json.endArray();
        json.endObject();
    }
}
