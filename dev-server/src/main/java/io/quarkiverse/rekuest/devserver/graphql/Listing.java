package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import graphql.schema.DataFetchingEnvironment;
import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * A list field the way the real server's strawberry-django fields answer it: the {@code filters} argument, then
 * {@code ordering}, then {@code pagination} ({@code OffsetPaginationInput}: without it everything; with it
 * {@code limit} defaults to 100, a negative limit means no limit, a negative offset is refused).
 */
final class Listing {

    /** strawberry-django's {@code PAGINATION_DEFAULT_LIMIT}. */
    static final int DEFAULT_LIMIT = 100;

    private Listing() {
    }

    static <T> List<T> of(DataFetchingEnvironment env, List<T> items, FilterSpec<T> filters, Orderings<T> orderings) {
        List<T> result = items;
        if (filters != null) {
            Map<String, Object> filter = env.getArgument("filters");
            if (filter != null) {
                Predicate<T> predicate = filters.compile(filter);
                result = result.stream().filter(predicate).toList();
            }
        }
        if (orderings != null) {
            Comparator<T> comparator = orderings.comparator(env.getArgument("ordering"));
            if (comparator != null) {
                result = new ArrayList<>(result);
                result.sort(comparator);
            }
        }
        return page(env.getArgument("pagination"), result);
    }

    static <T> List<T> page(Map<String, Object> pagination, List<T> items) {
        if (pagination == null) {
            return items;
        }
        Object offsetValue = pagination.get("offset");
        int offset = offsetValue == null ? 0 : ((Number) offsetValue).intValue();
        if (offset < 0) {
            throw new RekuestException("Negative indexing is not supported.");
        }
        Object limitValue = pagination.get("limit");
        int limit = limitValue == null ? DEFAULT_LIMIT : ((Number) limitValue).intValue();
        if (offset >= items.size()) {
            return List.of();
        }
        int end = limit < 0 ? items.size() : (int) Math.min(items.size(), (long) offset + limit);
        return items.subList(offset, end);
    }
}
