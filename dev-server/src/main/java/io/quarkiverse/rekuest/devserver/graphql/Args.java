package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Map;

import graphql.schema.DataFetchingEnvironment;
import io.quarkiverse.rekuest.devserver.auth.Identity;

/** Small accessors for fetcher arguments and the authenticated caller. */
final class Args {

    private Args() {
    }

    static Identity caller(DataFetchingEnvironment env) {
        return env.getGraphQlContext().get(Identity.class);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> input(DataFetchingEnvironment env) {
        return (Map<String, Object>) env.getArgument("input");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> source, String key) {
        Object value = source == null ? null : source.get(key);
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    static String string(Map<String, Object> source, String key) {
        Object value = source == null ? null : source.get(key);
        return value == null ? null : value.toString();
    }

    static Boolean bool(Map<String, Object> source, String key) {
        Object value = source == null ? null : source.get(key);
        return (Boolean) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> source, String key) {
        Object value = source == null ? null : source.get(key);
        return value == null ? null : (List<Object>) value;
    }
}
