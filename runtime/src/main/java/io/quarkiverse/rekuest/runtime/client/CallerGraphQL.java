package io.quarkiverse.rekuest.runtime.client;

import java.io.StringReader;
import java.math.BigDecimal;
import java.util.Map;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.quarkiverse.rekuest.runtime.agent.WireLog;
import io.quarkiverse.rekuest.runtime.auth.RekuestConnection;
import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;
import io.smallrye.graphql.client.dynamic.api.DynamicGraphQLClient;
import io.smallrye.mutiny.Uni;

/**
 * Queries and mutations of the caller over HTTP, with the SmallRye GraphQL dynamic client and a fresh bearer token per
 * request. Variables and data are Jackson trees on our side.
 */
final class CallerGraphQL implements AutoCloseable {

    static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Looked up once: every {@code jakarta.json.Json.createXxx} call runs a {@code ServiceLoader} lookup (class-path
     * resource scanning), which cost more CPU per call than the rest of the conversion.
     */
    static final JsonProvider JSON = JsonProvider.provider();

    private final RekuestConnection connection;
    private final DynamicGraphQLClient client;

    /** Over the connection's GraphQL endpoint, TLS configuration and token provider. */
    CallerGraphQL(RekuestConnection connection) {
        this.connection = connection;
        this.client = connection.graphqlClient();
    }

    /**
     * The {@code data} of the response. A failure that says the server refused the token invalidates it, so that the
     * next request gets a new one.
     *
     * @throws GraphQLCallException (in the Uni) when the response has errors
     */
    Uni<JsonNode> execute(String document, ObjectNode variables) {
        WireLog.graphql(document, variables);
        return client.executeAsync(document, variables(variables)).map(CallerGraphQL::data)
                .onFailure().invoke(connection::onFailure);
    }

    static Map<String, Object> variables(ObjectNode variables) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        variables.fields().forEachRemaining(entry -> map.put(entry.getKey(), jakarta(entry.getValue())));
        return map;
    }

    /** A Jackson tree as a Jakarta JSON value, by walking it (no text in between). */
    static JsonValue jakarta(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return JsonValue.NULL;
        }
        if (node.isObject()) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            node.fields().forEachRemaining(field -> object.add(field.getKey(), jakarta(field.getValue())));
            return object.build();
        }
        if (node.isArray()) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            node.forEach(element -> array.add(jakarta(element)));
            return array.build();
        }
        if (node.isTextual()) {
            return JSON.createValue(node.textValue());
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? JSON.createValue(node.longValue()) : JSON.createValue(node.bigIntegerValue());
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? JSON.createValue(node.decimalValue()) : JSON.createValue(node.doubleValue());
        }
        try (JsonReader reader = JSON.createReader(new StringReader(node.toString()))) {
            return reader.readValue();
        }
    }

    /** A Jakarta JSON value as a Jackson tree, by walking it (no text in between). */
    static JsonNode jackson(JsonValue value) {
        if (value == null) {
            return NullNode.getInstance();
        }
        switch (value.getValueType()) {
            case OBJECT -> {
                ObjectNode object = MAPPER.createObjectNode();
                value.asJsonObject().forEach((key, field) -> object.set(key, jackson(field)));
                return object;
            }
            case ARRAY -> {
                ArrayNode array = MAPPER.createArrayNode();
                value.asJsonArray().forEach(element -> array.add(jackson(element)));
                return array;
            }
            case STRING -> {
                return TextNode.valueOf(((JsonString) value).getString());
            }
            case NUMBER -> {
                // the node types Jackson's own parser gives: int, long or big integer; double for fractions
                JsonNumber number = (JsonNumber) value;
                if (number.isIntegral()) {
                    BigDecimal exact = number.bigDecimalValue();
                    try {
                        long whole = exact.longValueExact();
                        return whole == (int) whole ? IntNode.valueOf((int) whole) : LongNode.valueOf(whole);
                    } catch (ArithmeticException e) {
                        return BigIntegerNode.valueOf(exact.toBigInteger());
                    }
                }
                return DoubleNode.valueOf(number.doubleValue());
            }
            case TRUE -> {
                return BooleanNode.TRUE;
            }
            case FALSE -> {
                return BooleanNode.FALSE;
            }
            default -> {
                return NullNode.getInstance();
            }
        }
    }

    static JsonNode data(Response response) {
        if (response.hasError()) {
            StringBuilder message = new StringBuilder();
            for (GraphQLError error : response.getErrors()) {
                if (message.length() > 0) {
                    message.append("; ");
                }
                message.append(error.getMessage());
            }
            throw new GraphQLCallException(message.toString());
        }
        if (!response.hasData()) {
            throw new GraphQLCallException("The response has no data");
        }
        return jackson(response.getData());
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    /** The server answered with GraphQL errors. */
    static final class GraphQLCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        GraphQLCallException(String message) {
            super(message);
        }

        /** Whether the error says that no live agent can take the task (§1.5, §10b). */
        boolean noImplementation() {
            String message = getMessage();
            return message != null && (message.contains("No active implementation") || message.contains("not available")
                    || message.contains("No action matches") || message.contains("does not exist")
                    || message.contains("has no implementation") || message.contains("not found"));
        }
    }
}
