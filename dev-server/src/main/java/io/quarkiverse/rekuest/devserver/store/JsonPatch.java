package io.quarkiverse.rekuest.devserver.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Applies one JSON-patch operation ({@code add}, {@code replace}, {@code remove}; RFC 6902) at an RFC 6901 path, as
 * the server does with {@code STATE_PATCH}. A path that does not fit the value is an error naming the path.
 */
final class JsonPatch {

    private JsonPatch() {
    }

    /** The new value of the document (the root itself for path {@code ""}). */
    static JsonNode apply(JsonNode document, String op, String path, JsonNode value) {
        if (!"add".equals(op) && !"replace".equals(op) && !"remove".equals(op)) {
            throw new RekuestException("STATE_PATCH op must be add, replace or remove, got '" + op + "'");
        }
        if (path.isEmpty()) {
            if ("remove".equals(op)) {
                throw new RekuestException("STATE_PATCH cannot remove the whole state (path \"\")");
            }
            return value.deepCopy();
        }
        if (!path.startsWith("/")) {
            throw new RekuestException("STATE_PATCH path must be empty or start with '/', got '" + path + "'");
        }
        JsonNode root = document.deepCopy();
        String[] tokens = path.substring(1).split("/", -1);
        JsonNode parent = root;
        for (int i = 0; i < tokens.length - 1; i++) {
            parent = child(parent, unescape(tokens[i]), path);
        }
        String last = unescape(tokens[tokens.length - 1]);
        if (parent instanceof ObjectNode object) {
            if (!"add".equals(op) && !object.has(last)) {
                throw new RekuestException("STATE_PATCH " + op + " at '" + path + "': no member '" + last + "'");
            }
            if ("remove".equals(op)) {
                object.remove(last);
            } else {
                object.set(last, value.deepCopy());
            }
        } else if (parent instanceof ArrayNode array) {
            int index = "-".equals(last) && "add".equals(op) ? array.size() : index(last, path);
            int bound = "add".equals(op) ? array.size() : array.size() - 1;
            if (index < 0 || index > bound) {
                throw new RekuestException("STATE_PATCH " + op + " at '" + path + "': index " + index + " out of range");
            }
            switch (op) {
                case "add" -> array.insert(index, value.deepCopy());
                case "replace" -> array.set(index, value.deepCopy());
                default -> array.remove(index);
            }
        } else {
            throw new RekuestException("STATE_PATCH path '" + path + "' goes into a value that is neither an object nor"
                    + " a list");
        }
        return root;
    }

    private static JsonNode child(JsonNode parent, String token, String path) {
        JsonNode child = parent instanceof ArrayNode array ? array.get(index(token, path)) : parent.get(token);
        if (child == null || !(child.isObject() || child.isArray())) {
            throw new RekuestException("STATE_PATCH path '" + path + "': '" + token + "' is not an object or list there");
        }
        return child;
    }

    private static int index(String token, String path) {
        try {
            return Integer.parseInt(token);
        } catch (NumberFormatException e) {
            throw new RekuestException("STATE_PATCH path '" + path + "': '" + token + "' is not a list index");
        }
    }

    private static String unescape(String token) {
        return token.replace("~1", "/").replace("~0", "~");
    }
}
