package io.quarkiverse.rekuest.runtime.definition;

/**
 * One allowed value of a port, rendered as a {@code ChoiceInput}: the constants of an {@link PortKind#ENUM} port.
 *
 * @param value the value on the wire (an enum constant's name)
 * @param label the text a UI shows
 * @param description a longer description, or {@code null}
 */
public record Choice(String value, String label, String description) {

    void writeTo(JsonWriter json) {
        json.beginObject();
        json.name("value").value(value);
        json.name("label").value(label);
        if (description != null) {
            json.name("description").value(description);
        }
        json.endObject();
    }
}
