package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.function.Supplier;

import graphql.language.FieldDefinition;
import graphql.language.ListType;
import graphql.language.NonNullType;
import graphql.language.Type;
import graphql.language.TypeName;
import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.WiringFactory;
import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * The data fetcher of every field that has no fetcher of its own, so that the schema can declare all of v2.2.0 without
 * one fetcher per field, and what the embedded server does not implement answers without inventing data:
 * <ul>
 * <li>a field of an object reads the same-named property of its source (map entry, getter or public field); when the
 * source has none, a list answers {@code []}, a nullable field {@code null}, and a non-null field a GraphQL error
 * "not implemented by the embedded server: Type.field";</li>
 * <li>an unimplemented {@code Query} field answers {@code []} (lists), {@code null} (nullable) or, for a lookup, the
 * real server's "&lt;Type&gt; matching query does not exist." (the embedded server holds no such object);</li>
 * <li>an unimplemented mutation or subscription answers "not implemented by the embedded server: &lt;field&gt;".</li>
 * </ul>
 */
final class FallbackFetchers implements WiringFactory {

    static final String NOT_IMPLEMENTED = "not implemented by the embedded server: ";

    @Override
    public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
        String parent = environment.getParentType().getName();
        FieldDefinition field = environment.getFieldDefinition();
        Type<?> type = field.getType();
        return switch (parent) {
            case "Query" -> rootQuery(type);
            case "Mutation", "Subscription" -> fail(NOT_IMPLEMENTED + field.getName());
            default -> new PropertyOrNothing(field.getName(), isList(type), !(type instanceof NonNullType),
                    NOT_IMPLEMENTED + parent + "." + field.getName());
        };
    }

    private static DataFetcher<?> rootQuery(Type<?> type) {
        if (isList(type)) {
            return env -> List.of();
        }
        if (!(type instanceof NonNullType nonNull)) {
            return env -> null;
        }
        return fail(((TypeName) nonNull.getType()).getName() + " matching query does not exist.");
    }

    private static DataFetcher<?> fail(String message) {
        return env -> {
            throw new RekuestException(message);
        };
    }

    private static boolean isList(Type<?> type) {
        return (type instanceof NonNullType n ? n.getType() : type) instanceof ListType;
    }

    /** Reads the source's property; absent: {@code []} for lists, {@code null} when nullable, else an error. */
    private static final class PropertyOrNothing implements LightDataFetcher<Object> {
        private final String name;
        private final boolean list;
        private final boolean nullable;
        private final String notImplemented;

        PropertyOrNothing(String name, boolean list, boolean nullable, String notImplemented) {
            this.name = name;
            this.list = list;
            this.nullable = nullable;
            this.notImplemented = notImplemented;
        }

        @Override
        public Object get(GraphQLFieldDefinition definition, Object source, Supplier<DataFetchingEnvironment> env) {
            return get(source);
        }

        @Override
        public Object get(DataFetchingEnvironment env) {
            return get((Object) env.getSource());
        }

        private Object get(Object source) {
            Object value = source == null ? PropertyAccess.ABSENT : PropertyAccess.read(source, name);
            if (value != PropertyAccess.ABSENT) {
                return value;
            }
            if (list && !(source instanceof java.util.Map && nullable)) {
                return List.of();
            }
            if (nullable) {
                return null;
            }
            throw new RekuestException(notImplemented);
        }
    }
}
