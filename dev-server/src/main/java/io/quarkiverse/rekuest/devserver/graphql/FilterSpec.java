package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * One filter input type of the real server ({@code ActionFilter}, {@code TaskFilter}, ...) evaluated the way its
 * strawberry-django 0.82 filters do, over records of type {@code T}.
 * <p>
 * The real server declares two sorts of filter fields. Its custom filter methods ({@code search}, {@code ids},
 * {@code kind}, ...) narrow the query set directly, so they apply wherever they appear, even under {@code OR} or
 * {@code NOT}; only its lookup fields ({@code ActionFilter.name}, {@code ImplementationFilter.interface}, a
 * {@code StrFilterLookup}) and nested filters build the condition that {@code AND}, {@code OR} and {@code NOT}
 * combine. {@code OR} is applied after every other field ({@code a OR b} = "the other fields, or b"); an empty
 * condition does not count in an {@code OR} and negates to "everything". The real server runs with deprecated
 * filters, so an explicit {@code null} is not skipped: it means "is null" for equality and fails for other lookups.
 */
final class FilterSpec<T> {

    /** A custom filter method: narrows the records for the given (possibly null) value. */
    @FunctionalInterface
    interface Narrowing<T> {
        Predicate<T> narrow(Object value);
    }

    private final String typeName;
    private final Map<String, Narrowing<T>> narrowings = new LinkedHashMap<>();
    private final Map<String, Function<T, String>> lookups = new LinkedHashMap<>();
    private final Map<String, Nested<T, ?>> nested = new LinkedHashMap<>();

    private record Nested<T, R>(FilterSpec<R> spec, Function<T, R> related) {
    }

    FilterSpec(String typeName) {
        this.typeName = typeName;
    }

    FilterSpec<T> narrowing(String field, Narrowing<T> narrowing) {
        narrowings.put(field, narrowing);
        return this;
    }

    /** A {@code StrFilterLookup} field over a string property. */
    FilterSpec<T> lookup(String field, Function<T, String> property) {
        lookups.put(field, property);
        return this;
    }

    /** A filter over a related record ({@code ImplementationFilter.action}). */
    <R> FilterSpec<T> nested(String field, FilterSpec<R> spec, Function<T, R> related) {
        nested.put(field, new Nested<>(spec, related));
        return this;
    }

    /** The predicate of a filter input value; {@code null} (no filter) keeps everything. */
    Predicate<T> compile(Map<String, Object> filter) {
        if (filter == null) {
            return t -> true;
        }
        Outcome<T> outcome = process(filter);
        Predicate<T> all = outcome.condition == null ? t -> true : outcome.condition;
        for (Predicate<T> narrowing : outcome.narrowings) {
            all = all.and(narrowing);
        }
        return all;
    }

    /** What one filter object contributes: direct narrowings, and a condition (null: the empty condition). */
    private static final class Outcome<T> {
        final List<Predicate<T>> narrowings = new ArrayList<>();
        Predicate<T> condition;

        void and(Predicate<T> other) {
            condition = condition == null ? other : other == null ? condition : condition.and(other);
        }

        void or(Predicate<T> other) {
            condition = condition == null ? other : other == null ? condition : condition.or(other);
        }
    }

    @SuppressWarnings("unchecked")
    private Outcome<T> process(Map<String, Object> filter) {
        Outcome<T> outcome = new Outcome<>();
        for (Map.Entry<String, Object> entry : filter.entrySet()) {
            String field = entry.getKey();
            Object value = entry.getValue();
            switch (field) {
                case "OR", "DISTINCT" -> {
                    // OR after all other fields; DISTINCT changes nothing in memory
                }
                case "AND", "NOT" -> {
                    Outcome<T> sub = process(object(field, value));
                    outcome.narrowings.addAll(sub.narrowings);
                    outcome.and(field.equals("AND") || sub.condition == null ? sub.condition : sub.condition.negate());
                }
                default -> apply(field, value, outcome);
            }
        }
        if (filter.containsKey("OR")) {
            Outcome<T> sub = process(object("OR", filter.get("OR")));
            outcome.narrowings.addAll(sub.narrowings);
            outcome.or(sub.condition);
        }
        return outcome;
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void apply(String field, Object value, Outcome<T> outcome) {
        Narrowing<T> narrowing = narrowings.get(field);
        if (narrowing != null) {
            outcome.narrowings.add(narrowing.narrow(value));
            return;
        }
        Function<T, String> property = lookups.get(field);
        if (property != null) {
            outcome.and(value == null ? t -> property.apply(t) == null
                    : StrLookup.of(typeName + "." + field, (Map<String, Object>) value, property));
            return;
        }
        Nested<T, Object> related = (Nested<T, Object>) (Nested) nested.get(field);
        if (related != null) {
            if (value == null) {
                outcome.and(t -> related.related().apply(t) == null);
                return;
            }
            Outcome<Object> sub = related.spec().process((Map<String, Object>) value);
            sub.narrowings.forEach(n -> outcome.narrowings.add(t -> n.test(related.related().apply(t))));
            if (sub.condition != null) {
                Predicate<Object> condition = sub.condition;
                outcome.and(t -> condition.test(related.related().apply(t)));
            }
            return;
        }
        throw new RekuestException(FallbackFetchers.NOT_IMPLEMENTED + typeName + "." + field);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(String field, Object value) {
        if (!(value instanceof Map)) {
            // the real server asserts that AND / OR / NOT hold a filter object
            throw new RekuestException(typeName + "." + field + " must be a filter object, not null");
        }
        return (Map<String, Object>) value;
    }

    // ------------------------------------------------------------------ the narrowings the real server's filters use

    /** Django's answer to {@code field__lookup=None} for any lookup but exact. */
    static RekuestException noneAsQueryValue() {
        return new RekuestException("Cannot use None as a query value");
    }

    /** {@code field__in=value}. */
    static <T> Narrowing<T> in(Function<T, Object> property) {
        return value -> {
            if (value == null) {
                throw noneAsQueryValue();
            }
            List<String> wanted = ((List<?>) value).stream().map(String::valueOf).toList();
            return t -> {
                Object actual = property.apply(t);
                return actual != null && wanted.contains(String.valueOf(actual));
            };
        };
    }

    /** {@code field=value} (null: {@code field IS NULL}). */
    static <T> Narrowing<T> exact(Function<T, Object> property) {
        return value -> value == null ? t -> property.apply(t) == null
                : t -> {
                    Object actual = property.apply(t);
                    return actual != null && (actual.equals(value) || String.valueOf(actual).equals(String.valueOf(value)));
                };
    }

    /** {@code field__icontains=value}. */
    static <T> Narrowing<T> icontains(Function<T, String> property) {
        return value -> {
            if (value == null) {
                throw noneAsQueryValue();
            }
            String needle = value.toString();
            return t -> StrLookup.containsIgnoreCase(property.apply(t), needle);
        };
    }

    /** A narrowing for a value that cannot be null (a boolean the method branches on, a list it iterates). */
    static <T> Narrowing<T> notNull(Function<Object, Predicate<T>> narrowing) {
        return value -> {
            if (value == null) {
                throw noneAsQueryValue();
            }
            return narrowing.apply(value);
        };
    }

    /** A filter on something the embedded server never holds: any value matches nothing. */
    static <T> Narrowing<T> nothingHeld() {
        return value -> t -> false;
    }

    static boolean same(Object a, Object b) {
        return Objects.equals(a == null ? null : a.toString(), b == null ? null : b.toString());
    }
}
