package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.FragmentDefinition;
import graphql.language.FragmentSpread;
import graphql.language.InlineFragment;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.language.TypeName;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLInterfaceType;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.GraphQLUnionType;

/**
 * Whether a response's {@code data} has the shape the operation asks for: every selected field (by its alias) is
 * present at every level, through lists, fragments and inline fragments whose type condition applies.
 */
final class ResponseShape {

    private final GraphQLSchema schema;
    private final Map<String, FragmentDefinition> fragments;
    private final List<String> missing = new ArrayList<>();

    private ResponseShape(GraphQLSchema schema, Document document) {
        this.schema = schema;
        this.fragments = new java.util.HashMap<>();
        document.getDefinitionsOfType(FragmentDefinition.class).forEach(f -> fragments.put(f.getName(), f));
    }

    /** The paths of the selected fields that are missing from {@code data}; empty when the shape is complete. */
    static List<String> missingFields(GraphQLSchema schema, Document document, JsonNode data) {
        ResponseShape shape = new ResponseShape(schema, document);
        OperationDefinition operation = document.getDefinitionsOfType(OperationDefinition.class).get(0);
        GraphQLObjectType root = switch (operation.getOperation()) {
            case QUERY -> schema.getQueryType();
            case MUTATION -> schema.getMutationType();
            case SUBSCRIPTION -> schema.getSubscriptionType();
        };
        shape.check("", root, operation.getSelectionSet(), data);
        return shape.missing;
    }

    private void check(String path, GraphQLNamedType staticType, SelectionSet selections, JsonNode value) {
        if (value == null || value.isNull()) {
            return;
        }
        if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                check(path + "[" + i + "]", staticType, selections, value.get(i));
            }
            return;
        }
        String runtime = value.path("__typename").asText(staticType.getName());
        for (Selection<?> selection : selections.getSelections()) {
            if (selection instanceof Field field) {
                String key = field.getAlias() != null ? field.getAlias() : field.getName();
                if (!value.has(key)) {
                    missing.add(path + "." + key);
                } else if (field.getSelectionSet() != null && staticType instanceof GraphQLFieldsContainer container) {
                    GraphQLFieldDefinition definition = fieldOf(runtime, container, field.getName());
                    check(path + "." + key, (GraphQLNamedType) GraphQLTypeUtil.unwrapAll(definition.getType()),
                            field.getSelectionSet(), value.get(key));
                }
            } else if (selection instanceof FragmentSpread spread) {
                FragmentDefinition fragment = fragments.get(spread.getName());
                apply(path, fragment.getTypeCondition(), runtime, fragment.getSelectionSet(), value);
            } else if (selection instanceof InlineFragment inline) {
                apply(path, inline.getTypeCondition(), runtime, inline.getSelectionSet(), value);
            }
        }
    }

    private void apply(String path, TypeName condition, String runtime, SelectionSet selections, JsonNode value) {
        GraphQLNamedType type = condition == null ? schema.getObjectType(runtime)
                : (GraphQLNamedType) schema.getType(condition.getName());
        if (applies(type, runtime)) {
            check(path, type, selections, value);
        }
    }

    private boolean applies(GraphQLNamedType condition, String runtime) {
        GraphQLObjectType object = schema.getObjectType(runtime);
        if (condition == null || object == null) {
            return false;
        }
        if (condition instanceof GraphQLInterfaceType iface) {
            return object.getInterfaces().stream().anyMatch(i -> i.getName().equals(iface.getName()));
        }
        if (condition instanceof GraphQLUnionType union) {
            return union.getTypes().stream().anyMatch(t -> t.getName().equals(runtime));
        }
        return condition.getName().equals(runtime);
    }

    private GraphQLFieldDefinition fieldOf(String runtime, GraphQLFieldsContainer staticType, String name) {
        GraphQLObjectType object = schema.getObjectType(runtime);
        GraphQLFieldDefinition definition = object != null ? object.getFieldDefinition(name) : null;
        return definition != null ? definition : staticType.getFieldDefinition(name);
    }
}
