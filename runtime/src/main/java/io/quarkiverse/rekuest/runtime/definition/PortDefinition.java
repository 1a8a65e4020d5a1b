package io.quarkiverse.rekuest.runtime.definition;

import java.util.List;

import io.quarkus.runtime.annotations.RecordableConstructor;

/**
 * One port of an action, rendered as an {@code ArgPortInput} or a {@code ReturnPortInput} (their common
 * fields have the same shape).
 *
 * @param key the key of the value in the {@code args} or {@code returns} object; a child's key is
 *        {@code "..."} for the element of a LIST or the value of a DICT, the component name for a MODEL
 * @param kind the port's kind
 * @param nullable whether {@code null} is a valid value
 * @param defaultValue the default as compact JSON, or {@code null} for none
 * @param identifier the identifier of an ENUM, MODEL or structure type, or {@code null}
 * @param label the label a UI shows, or {@code null}
 * @param description a description, or {@code null}
 * @param choices the allowed values of an ENUM port, otherwise empty
 * @param children the element of a LIST, the value of a DICT, the fields of a MODEL, the variants of a UNION;
 *        otherwise empty
 * @param widget the {@code AssignWidgetInput} (args) or {@code ReturnWidgetInput} (returns) as compact JSON, or
 *        {@code null}
 * @param validators {@code ValidatorInput}s as compact JSON objects
 * @param effects {@code EffectInput}s as compact JSON objects
 */
public record PortDefinition(
        String key,
        PortKind kind,
        boolean nullable,
        String defaultValue,
        String identifier,
        String label,
        String description,
        List<Choice> choices,
        List<PortDefinition> children,
        String widget,
        List<String> validators,
        List<String> effects) {

    /** The key of the single child of a LIST or DICT port. */
    public static final String ELEMENT_KEY = "...";

    @RecordableConstructor
    public PortDefinition {
        choices = choices == null ? List.of() : choices;
        children = children == null ? List.of() : children;
        validators = validators == null ? List.of() : validators;
        effects = effects == null ? List.of() : effects;
    }

    /** A port without widget, validators or effects. */
    public PortDefinition(String key, PortKind kind, boolean nullable, String defaultValue, String identifier, String label,
            String description, List<Choice> choices, List<PortDefinition> children) {
        this(key, kind, nullable, defaultValue, identifier, label, description, choices, children, null, null, null);
    }

    /** This port under another key. */
    public PortDefinition withKey(String newKey) {
        return new PortDefinition(newKey, kind, nullable, defaultValue, identifier, label, description, choices, children,
                widget, validators, effects);
    }

    /** Renders this port as JSON; equal ports render to equal strings. */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        writeTo(json);
        return json.toString();
    }

    void writeTo(JsonWriter json) {
        json.beginObject();
        json.name("key").value(key);
        json.name("kind").value(kind.name());
        json.name("nullable").value(nullable);
        if (defaultValue != null) {
            json.name("default").rawValue(defaultValue);
        }
        if (identifier != null) {
            json.name("identifier").value(identifier);
        }
        if (label != null) {
            json.name("label").value(label);
        }
        if (description != null) {
            json.name("description").value(description);
        }
        if (!choices.isEmpty()) {
            json.name("choices").beginArray();
            for (Choice choice : choices) {
                choice.writeTo(json);
            }
            json.endArray();
        }
        if (!children.isEmpty()) {
            json.name("children").beginArray();
            for (PortDefinition child : children) {
                child.writeTo(json);
            }
            json.endArray();
        }
        if (widget != null) {
            json.name("widget").rawValue(widget);
        }
        if (!validators.isEmpty()) {
            json.name("validators").beginArray();
            validators.forEach(json::rawValue);
            json.endArray();
        }
        if (!effects.isEmpty()) {
            json.name("effects").beginArray();
            effects.forEach(json::rawValue);
            json.endArray();
        }
        json.endObject();
    }
}
