package io.quarkiverse.rekuest.devserver.graphql;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.quarkiverse.rekuest.devserver.store.RekuestException;

/**
 * A {@code StrFilterLookup} value ({@code exact}, {@code iContains}, {@code inList}, ...) as a predicate on a string
 * property, with the meaning of Django's lookups on PostgreSQL. Several lookups in one value must all hold.
 */
final class StrLookup {

    private StrLookup() {
    }

    static <T> Predicate<T> of(String where, Map<String, Object> lookups, Function<T, String> property) {
        Predicate<String> all = s -> true;
        for (Map.Entry<String, Object> lookup : lookups.entrySet()) {
            all = all.and(one(where, lookup.getKey(), lookup.getValue()));
        }
        Predicate<String> test = all;
        return t -> test.test(property.apply(t));
    }

    private static Predicate<String> one(String where, String lookup, Object value) {
        if (value == null) {
            if (lookup.equals("exact") || lookup.equals("iExact")) {
                return s -> s == null;
            }
            throw FilterSpec.noneAsQueryValue();
        }
        String v = value instanceof String s ? s : null;
        return switch (lookup) {
            case "exact" -> s -> v.equals(s);
            case "iExact" -> s -> s != null && s.equalsIgnoreCase(v);
            case "contains" -> s -> s != null && s.contains(v);
            case "iContains" -> s -> containsIgnoreCase(s, v);
            case "startsWith" -> s -> s != null && s.startsWith(v);
            case "iStartsWith" -> s -> s != null && lower(s).startsWith(lower(v));
            case "endsWith" -> s -> s != null && s.endsWith(v);
            case "iEndsWith" -> s -> s != null && lower(s).endsWith(lower(v));
            case "gt" -> s -> s != null && s.compareTo(v) > 0;
            case "gte" -> s -> s != null && s.compareTo(v) >= 0;
            case "lt" -> s -> s != null && s.compareTo(v) < 0;
            case "lte" -> s -> s != null && s.compareTo(v) <= 0;
            case "inList" -> {
                List<?> list = (List<?>) value;
                yield s -> s != null && list.contains(s);
            }
            case "range" -> {
                List<?> range = (List<?>) value;
                if (range.size() != 2) {
                    throw new RekuestException(where + ".range needs exactly two values [from, to], got " + range.size());
                }
                String from = range.get(0).toString(), to = range.get(1).toString();
                yield s -> s != null && s.compareTo(from) >= 0 && s.compareTo(to) <= 0;
            }
            case "isNull" -> {
                boolean isNull = (Boolean) value;
                yield s -> (s == null) == isNull;
            }
            case "regex" -> regex(where, v, 0);
            case "iRegex" -> regex(where, v, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            default -> throw new RekuestException(FallbackFetchers.NOT_IMPLEMENTED + "StrFilterLookup." + lookup);
        };
    }

    private static Predicate<String> regex(String where, String expression, int flags) {
        try {
            Pattern pattern = Pattern.compile(expression, flags);
            return s -> s != null && pattern.matcher(s).find();
        } catch (PatternSyntaxException e) {
            throw new RekuestException("invalid regular expression in " + where + ": " + e.getDescription());
        }
    }

    static boolean containsIgnoreCase(String haystack, String needle) {
        return haystack != null && lower(haystack).contains(lower(needle));
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
