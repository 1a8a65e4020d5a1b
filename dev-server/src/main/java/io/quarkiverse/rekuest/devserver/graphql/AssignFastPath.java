package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import graphql.ExecutionInput;
import graphql.GraphQLContext;
import graphql.ParseAndValidate;
import graphql.ParseAndValidateResult;
import graphql.execution.CoercedVariables;
import graphql.execution.RawVariables;
import graphql.execution.ValuesResolver;
import graphql.language.Argument;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.NonNullType;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.TypeName;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.schema.GraphQLSchema;
import io.quarkiverse.rekuest.devserver.auth.Identity;
import io.quarkiverse.rekuest.devserver.store.Json;
import io.quarkiverse.rekuest.devserver.store.RekuestStore;
import io.quarkiverse.rekuest.devserver.store.TaskRecord;

/**
 * A fast path for the hottest operation, {@code mutation($i: AssignInput!) { assign(input: $i) { <scalar fields> } }}:
 * the document is parsed and validated by graphql-java once, the variables are coerced by graphql-java's own
 * {@link ValuesResolver} on every call, the store assigns, and the selected scalar fields of the task are projected.
 * graphql-java's execution machinery is skipped. Anything else, and any failure before the task exists (a coercion
 * error, a refused assign — the store changes nothing then), goes through the general path, which produces the
 * exact errors; a test compares the two paths' output.
 */
final class AssignFastPath {

    /** Task fields the projection serves, all plain values of the record. */
    private static final Set<String> FIELDS = Set.of("id", "reference", "isDone", "latestEventKind",
            "latestInstructKind", "capture", "ephemeral", "createdAt", "updatedAt", "finishedAt", "args", "actedOn",
            "__typename");
    private static final int MAX_PLANS = 256;

    /** Operations served by the fast path, process-wide (lets tests see that it is taken). */
    static final LongAdder SERVED = new LongAdder();

    /** One compiled document: its variable definitions, the variable holding the input, the selected fields. */
    private record Plan(List<VariableDefinition> variables, String inputVariable, String rootKey,
            List<String[]> fields) {
    }

    private final GraphQLSchema schema;
    private final RekuestStore store;
    private final Map<String, Optional<Plan>> plans = new ConcurrentHashMap<>();

    AssignFastPath(GraphQLSchema schema, RekuestStore store) {
        this.schema = schema;
        this.store = store;
    }

    /**
     * Serves the request if it is a plain assign and succeeds; returns null to hand it to the general path.
     */
    Map<String, Object> tryServe(String query, Map<String, Object> variables, String operationName, Identity caller) {
        if (query.length() > GraphQLEngine.MAX_CACHED_DOCUMENT_CHARS) {
            return null; // not a client's assign document; not worth a cache entry either
        }
        if (plans.size() > MAX_PLANS) {
            plans.clear(); // bounded: clients send few distinct documents
        }
        Plan plan = plans.computeIfAbsent(query + "\u0000" + operationName, k -> Optional.ofNullable(compile(query,
                operationName))).orElse(null);
        if (plan == null) {
            return null;
        }
        Map<String, Object> input;
        try {
            CoercedVariables coerced = ValuesResolver.coerceVariableValues(schema, plan.variables(),
                    RawVariables.of(variables == null ? Map.of() : variables), GraphQLContext.getDefault(), Locale.ROOT);
            @SuppressWarnings("unchecked")
            Map<String, Object> in = (Map<String, Object>) coerced.get(plan.inputVariable());
            input = in;
        } catch (RuntimeException e) {
            return null; // graphql-java's path reports the variable error
        }
        if (input.get("hooks") instanceof List<?> hooks && !hooks.isEmpty()) {
            return null; // hooks assign further tasks after this one: keep the general path's single execution
        }
        TaskRecord task;
        try {
            task = store.assign(caller, MutationFetchers.assignRequest(input));
        } catch (RuntimeException e) {
            return null; // refused before anything changed: the general path reports the error
        }
        SERVED.increment();
        Map<String, Object> projected = new LinkedHashMap<>();
        for (String[] field : plan.fields()) {
            projected.put(field[0], value(task, field[1]));
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(plan.rootKey(), projected);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        return result;
    }

    private static Object value(TaskRecord task, String field) {
        return switch (field) {
            case "id" -> task.id;
            case "reference" -> task.reference;
            case "isDone" -> task.isDone;
            case "latestEventKind" -> task.latestEventKind.name();
            case "latestInstructKind" -> task.latestInstructKind;
            case "capture" -> task.capture;
            case "ephemeral" -> task.ephemeral;
            case "createdAt" -> Json.isoDateTime(task.createdAt);
            case "updatedAt" -> Json.isoDateTime(task.updatedAt);
            case "finishedAt" -> task.finishedAt == null ? null : Json.isoDateTime(task.finishedAt);
            case "args" -> task.args;
            case "actedOn" -> task.actedOn;
            case "__typename" -> "Task";
            default -> throw new IllegalStateException(field);
        };
    }

    /** A plan for a valid plain-assign document, or null. */
    private Plan compile(String query, String operationName) {
        ParseAndValidateResult parsed = ParseAndValidate.parseAndValidate(schema,
                ExecutionInput.newExecutionInput(query).operationName(operationName).build());
        if (parsed.isFailure()) {
            return null;
        }
        Document document = parsed.getDocument();
        List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
        if (operations.size() != 1 || document.getDefinitions().size() != 1) {
            return null;
        }
        OperationDefinition operation = operations.get(0);
        if (operationName != null && !operationName.equals(operation.getName())) {
            return null;
        }
        if (operation.getOperation() != OperationDefinition.Operation.MUTATION || !operation.getDirectives().isEmpty()
                || operation.getSelectionSet().getSelections().size() != 1
                || !(operation.getSelectionSet().getSelections().get(0) instanceof Field root)
                || !"assign".equals(root.getName()) || !root.getDirectives().isEmpty()
                || root.getArguments().size() != 1) {
            return null;
        }
        Argument argument = root.getArguments().get(0);
        if (!"input".equals(argument.getName()) || !(argument.getValue() instanceof VariableReference reference)) {
            return null;
        }
        List<VariableDefinition> definitions = operation.getVariableDefinitions();
        boolean declared = definitions.stream().anyMatch(d -> d.getName().equals(reference.getName())
                && d.getType() instanceof NonNullType nonNull && nonNull.getType() instanceof TypeName type
                && "AssignInput".equals(type.getName()) && d.getDirectives().isEmpty());
        if (!declared || root.getSelectionSet() == null) {
            return null;
        }
        List<String[]> fields = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Selection<?> selection : root.getSelectionSet().getSelections()) {
            if (!(selection instanceof Field field) || !field.getDirectives().isEmpty() || !field.getArguments().isEmpty()
                    || field.getSelectionSet() != null || !FIELDS.contains(field.getName())
                    || !keys.add(field.getResultKey())) {
                return null;
            }
            fields.add(new String[] { field.getResultKey(), field.getName() });
        }
        return new Plan(definitions, reference.getName(), root.getResultKey(), fields);
    }
}
