package io.quarkiverse.rekuest.devserver.graphql;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * One ordering input of the real server ({@code ActionOrder}, {@code TaskOrder}, ...: a list of {@code @oneOf} objects
 * naming a field and an {@code Ordering}) as a comparator over records of type {@code T}. Like PostgreSQL, {@code ASC}
 * puts nulls last and {@code DESC} first unless the ordering says otherwise; ties keep the store's order.
 */
final class Orderings<T> {

    private final String typeName;
    private final Map<String, Function<T, Comparable<?>>> keys = new LinkedHashMap<>();
    private final Map<String, Comparator<T>> fixed = new LinkedHashMap<>();

    Orderings(String typeName) {
        this.typeName = typeName;
    }

    Orderings<T> by(String field, Function<T, Comparable<?>> key) {
        keys.put(field, key);
        return this;
    }

    /** A field the real server orders the same way whatever the direction ({@code ImplementationOrder.active}). */
    Orderings<T> always(String field, Comparator<T> comparator) {
        fixed.put(field, comparator);
        return this;
    }

    /** The comparator of an {@code ordering} argument; null when nothing is ordered. */
    @SuppressWarnings("unchecked")
    Comparator<T> comparator(List<Object> ordering) {
        if (ordering == null) {
            return null;
        }
        Comparator<T> result = null;
        for (Object item : ordering) {
            for (Map.Entry<String, Object> entry : ((Map<String, Object>) item).entrySet()) {
                if (entry.getValue() == null) {
                    continue;
                }
                Comparator<T> next = one(entry.getKey(), entry.getValue().toString());
                result = result == null ? next : result.thenComparing(next);
            }
        }
        return result;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private Comparator<T> one(String field, String ordering) {
        Comparator<T> always = fixed.get(field);
        if (always != null) {
            return always;
        }
        Function<T, Comparable<?>> key = keys.get(field);
        if (key == null) {
            throw new RekuestException(FallbackFetchers.NOT_IMPLEMENTED + typeName + "." + field);
        }
        boolean descending = ordering.startsWith("DESC");
        boolean nullsFirst = ordering.endsWith("NULLS_FIRST") || (descending && !ordering.endsWith("NULLS_LAST"));
        Comparator<Comparable> values = descending ? Comparator.<Comparable> reverseOrder()
                : Comparator.<Comparable> naturalOrder();
        Comparator<Comparable> withNulls = nullsFirst ? Comparator.nullsFirst(values) : Comparator.nullsLast(values);
        return Comparator.comparing(t -> (Comparable) key.apply(t), withNulls);
    }
}
