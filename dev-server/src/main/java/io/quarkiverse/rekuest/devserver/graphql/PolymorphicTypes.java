package io.quarkiverse.rekuest.devserver.graphql;

import java.util.Map;

import graphql.TypeResolutionEnvironment;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.UnionTypeDefinition;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.TypeResolver;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.quarkiverse.rekuest.devserver.store.RekuestException;

import static graphql.schema.idl.TypeRuntimeWiring.newTypeWiring;

/**
 * Which object type an interface or union value is. Widgets and effects are stored as the JSON their port was declared
 * with, so their {@code kind} names the type (as on the real server); any other value names its type in a
 * {@code __typename} entry.
 */
final class PolymorphicTypes implements TypeResolver {

    private static final Map<String, Map<String, String>> BY_KIND = Map.of(
            "AssignWidget", Map.of("SEARCH", "SearchAssignWidget", "CHOICE", "ChoiceAssignWidget", "SLIDER",
                    "SliderAssignWidget", "CUSTOM", "CustomAssignWidget", "STRING", "StringAssignWidget", "STATE_CHOICE",
                    "StateChoiceAssignWidget", "PROXY", "ProxyWidget"),
            "ReturnWidget", Map.of("CHOICE", "ChoiceReturnWidget", "CUSTOM", "CustomReturnWidget"),
            "Effect", Map.of("MESSAGE", "MessageEffect", "HIDE", "HideEffect", "CUSTOM", "CustomEffect"));

    /** Wires this resolver to every interface and union of the schema. */
    static void wire(RuntimeWiring.Builder wiring, TypeDefinitionRegistry registry) {
        PolymorphicTypes resolver = new PolymorphicTypes();
        registry.getTypes(InterfaceTypeDefinition.class)
                .forEach(t -> wiring.type(newTypeWiring(t.getName()).typeResolver(resolver)));
        registry.getTypes(UnionTypeDefinition.class)
                .forEach(t -> wiring.type(newTypeWiring(t.getName()).typeResolver(resolver)));
    }

    @Override
    public GraphQLObjectType getType(TypeResolutionEnvironment env) {
        String abstractType = GraphQLTypeUtil.unwrapAll(env.getFieldType()).getName();
        Object value = env.getObject();
        String name = null;
        if (value instanceof Map<?, ?> map) {
            Object typename = map.get("__typename");
            Map<String, String> byKind = BY_KIND.get(abstractType);
            name = typename != null ? typename.toString()
                    : byKind != null && map.get("kind") != null ? byKind.get(map.get("kind").toString()) : null;
        }
        GraphQLObjectType type = name == null ? null : env.getSchema().getObjectType(name);
        if (type == null) {
            throw new RekuestException("Cannot tell which " + abstractType + " this value is"
                    + (value instanceof Map<?, ?> map && map.get("kind") != null ? " (kind " + map.get("kind") + ")" : "")
                    + ": give it a kind the real server knows");
        }
        return type;
    }
}
