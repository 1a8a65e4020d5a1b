package io.quarkiverse.rekuest.runtime.graphql;

import jakarta.json.JsonValue;

import io.smallrye.graphql.client.GraphQLError;
import io.smallrye.graphql.client.Response;

/** Reading one root field of a SmallRye dynamic client's response, with the server's errors as the message. */
public final class GraphQLResponses {

    private GraphQLResponses() {
    }

    /**
     * The value of {@code field} in the response's data.
     *
     * @throws IllegalStateException naming the field and every error the server gave, or that it gave no data
     */
    public static JsonValue data(Response response, String field) {
        if (response.hasError()) {
            StringBuilder message = new StringBuilder(field).append(" failed:");
            for (GraphQLError error : response.getErrors()) {
                message.append(' ').append(error.getMessage());
            }
            throw new IllegalStateException(message.toString());
        }
        if (!response.hasData() || response.getData().isNull(field)) {
            throw new IllegalStateException(field + " returned no data");
        }
        return response.getData().get(field);
    }
}
