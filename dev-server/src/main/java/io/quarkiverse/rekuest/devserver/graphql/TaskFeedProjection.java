package io.quarkiverse.rekuest.devserver.graphql;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import graphql.language.Document;
import graphql.language.Field;
import graphql.language.OperationDefinition;
import graphql.language.Selection;
import graphql.language.SelectionSet;
import graphql.parser.Parser;
import io.quarkiverse.rekuest.devserver.store.Json;

/**
 * A fast path for the task feeds: a subscription to {@code mytasks}, {@code tasks} or {@code childTasks} whose
 * selection is plain fields (no fragments, directives or arguments below the root) is rendered by projecting each
 * event's map onto the selection, instead of running graphql-java's execution for every event. graphql-java still
 * parses, validates and starts the subscription; the output is the same (a test compares both paths).
 */
final class TaskFeedProjection {

    private static final Set<String> TASK_CHANGE = Set.of("id", "reference", "isDone", "latestEventKind",
            "latestInstructKind", "statusMessage", "action", "implementation", "agent", "root", "parent", "createdAt",
            "updatedAt", "finishedAt");
    private static final Set<String> TASK_EVENT_CHANGE = Set.of("id", "task", "kind", "message", "progress", "returns",
            "createdAt");

    /** Root field → (event type name, its fields → their object type name and leaf fields). */
    private record EventType(String name, Map<String, String> objectTypes) {
    }

    private static final Map<String, EventType> FEEDS = Map.of(
            "mytasks", new EventType("TaskChangeEvent", Map.of("create", "TaskChange", "event", "TaskEventChange")),
            "tasks", new EventType("TaskChangeEvent", Map.of("create", "TaskChange", "event", "TaskEventChange")),
            "childTasks", new EventType("ChildTaskEvent", Map.of("create", "TaskChange", "update", "TaskChange")));

    /** One selected field: its response key, its name, and for objects the selected leaves. */
    private record Selected(String responseKey, String name, String typeName, List<Selected> children) {
    }

    /** Events rendered by projection, process-wide (lets tests see that the fast path is taken). */
    static final java.util.concurrent.atomic.LongAdder RENDERED = new java.util.concurrent.atomic.LongAdder();

    private final String rootKey;
    private final String eventTypeName;
    private final List<Selected> selection;

    private TaskFeedProjection(String rootKey, String eventTypeName, List<Selected> selection) {
        this.rootKey = rootKey;
        this.eventTypeName = eventTypeName;
        this.selection = selection;
    }

    /** The projection for a document, or null when it needs graphql-java's general execution. */
    static TaskFeedProjection compile(String query, String operationName) {
        Document document;
        try {
            document = Parser.parse(query);
        } catch (RuntimeException e) {
            return null;
        }
        OperationDefinition operation = null;
        for (OperationDefinition candidate : document.getDefinitionsOfType(OperationDefinition.class)) {
            if (operationName == null || operationName.equals(candidate.getName())) {
                if (operation != null) {
                    return null;
                }
                operation = candidate;
            }
        }
        if (operation == null || operation.getOperation() != OperationDefinition.Operation.SUBSCRIPTION
                || !operation.getDirectives().isEmpty()) {
            return null;
        }
        List<Field> roots = plainFields(operation.getSelectionSet());
        if (roots == null || roots.size() != 1) {
            return null;
        }
        Field root = roots.get(0);
        EventType type = FEEDS.get(root.getName());
        if (type == null || !root.getDirectives().isEmpty()) {
            return null;
        }
        List<Field> eventFields = plainFields(root.getSelectionSet());
        if (eventFields == null || !eventFields.stream().allMatch(f -> f.getArguments().isEmpty())) {
            return null;
        }
        List<Selected> selection = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Field field : eventFields) {
            String key = field.getResultKey();
            if (!keys.add(key)) {
                return null; // merged duplicate keys: leave to graphql-java
            }
            if ("__typename".equals(field.getName())) {
                selection.add(new Selected(key, field.getName(), type.name(), null));
                continue;
            }
            String objectType = type.objectTypes().get(field.getName());
            List<Selected> leaves = objectType == null ? null : leaves(field.getSelectionSet(), objectType);
            if (leaves == null) {
                return null;
            }
            selection.add(new Selected(key, field.getName(), objectType, leaves));
        }
        return new TaskFeedProjection(root.getResultKey(), type.name(), selection);
    }

    private static List<Selected> leaves(SelectionSet set, String objectType) {
        List<Field> fields = plainFields(set);
        if (fields == null) {
            return null;
        }
        Set<String> allowed = "TaskChange".equals(objectType) ? TASK_CHANGE : TASK_EVENT_CHANGE;
        List<Selected> leaves = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Field field : fields) {
            boolean typename = "__typename".equals(field.getName());
            if (!keys.add(field.getResultKey()) || !field.getArguments().isEmpty() || field.getSelectionSet() != null
                    || !typename && !allowed.contains(field.getName())) {
                return null;
            }
            leaves.add(new Selected(field.getResultKey(), field.getName(), objectType, null));
        }
        return leaves;
    }

    /** The fields of a selection set, or null if it has fragments or directives. */
    private static List<Field> plainFields(SelectionSet set) {
        if (set == null) {
            return null;
        }
        List<Field> fields = new ArrayList<>();
        for (Selection<?> selection : set.getSelections()) {
            if (!(selection instanceof Field field) || !field.getDirectives().isEmpty()) {
                return null;
            }
            fields.add(field);
        }
        return fields;
    }

    /** The execution result of one event, as graphql-java's {@code toSpecification()} would give it. */
    Map<String, Object> render(Object item) {
        RENDERED.increment();
        @SuppressWarnings("unchecked")
        Map<String, Object> event = (Map<String, Object>) item;
        Map<String, Object> projected = new LinkedHashMap<>(8);
        for (Selected field : selection) {
            if (field.children() == null) {
                projected.put(field.responseKey(), eventTypeName);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) event.get(field.name());
            if (object == null) {
                projected.put(field.responseKey(), null);
                continue;
            }
            Map<String, Object> leaves = new LinkedHashMap<>(32);
            for (Selected leaf : field.children()) {
                leaves.put(leaf.responseKey(),
                        "__typename".equals(leaf.name()) ? leaf.typeName() : serialize(object.get(leaf.name())));
            }
            projected.put(field.responseKey(), leaves);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put(rootKey, projected);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("data", data);
        return result;
    }

    /** Leaf values as the schema's scalars serialise them (DateTime as ISO-8601; the rest are JSON already). */
    private static Object serialize(Object value) {
        return value instanceof OffsetDateTime t ? Json.isoDateTime(t) : value;
    }
}
