package io.quarkiverse.rekuest.runtime.definition;

/**
 * A small streaming JSON writer producing compact output ({@code {"a":1,"b":[true]}}). It does not reorder
 * anything, so what is written in a fixed order renders identically every time.
 * <p>
 * The caller is responsible for well-formedness (names only inside objects, balanced begin/end); the writer
 * only inserts the separators.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder(256);
    /** Whether the next value or name in the current container needs a leading comma. */
    private boolean needsComma;
    /** Whether the last thing written was a name, so the next value follows it directly. */
    private boolean afterName;

    /** Starts an object. */
    public JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    /** Ends the current object. */
    public JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    /** Starts an array. */
    public JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    /** Ends the current array. */
    public JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes the name of the next member of the current object. */
    public JsonWriter name(String name) {
        if (needsComma) {
            out.append(',');
        }
        string(name);
        out.append(':');
        afterName = true;
        return this;
    }

    /** Writes a string, or {@code null}. */
    public JsonWriter value(String value) {
        separate();
        if (value == null) {
            out.append("null");
        } else {
            string(value);
        }
        needsComma = true;
        return this;
    }

    /** Writes a boolean. */
    public JsonWriter value(boolean value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Writes a number. */
    public JsonWriter value(long value) {
        separate();
        out.append(value);
        needsComma = true;
        return this;
    }

    /** Writes {@code json}, which must be one valid JSON value, as it is. */
    public JsonWriter rawValue(String json) {
        separate();
        out.append(json);
        needsComma = true;
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (afterName) {
            afterName = false;
        } else if (needsComma) {
            out.append(',');
        }
    }

    private void string(String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
