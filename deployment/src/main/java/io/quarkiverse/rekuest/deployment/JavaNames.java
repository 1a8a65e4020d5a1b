package io.quarkiverse.rekuest.deployment;

import java.util.StringJoiner;
import java.util.regex.Pattern;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

/** Renders Java elements for messages and derives default names from them. */
final class JavaNames {

    private static final Pattern ACRONYM_WORD = Pattern.compile("([A-Z]+)([A-Z][a-z])");
    private static final Pattern LOWER_UPPER = Pattern.compile("([a-z\\d])([A-Z])");

    private JavaNames() {
    }

    /** {@code Foo#bar(int, List<Baz>)}: the method as messages name it. */
    static String signature(MethodInfo method) {
        StringJoiner params = new StringJoiner(", ", "(", ")");
        for (Type type : method.parameterTypes()) {
            params.add(simple(type));
        }
        return simple(method.declaringClass()) + "#" + method.name() + params;
    }

    /** {@code Outer.Inner} for a nested class, {@code Foo} for a top-level one. */
    static String simple(ClassInfo clazz) {
        return simple(clazz.name());
    }

    static String simple(DotName name) {
        return name.withoutPackagePrefix().replace('$', '.');
    }

    /** A type with simple class names: {@code Map<String, List<Baz>>}, {@code int[]}. */
    static String simple(Type type) {
        return switch (type.kind()) {
            case CLASS -> simple(type.name());
            case ARRAY -> simple(type.asArrayType().constituent()) + "[]".repeat(type.asArrayType().dimensions());
            case PARAMETERIZED_TYPE -> {
                StringJoiner args = new StringJoiner(", ", "<", ">");
                for (Type arg : type.asParameterizedType().arguments()) {
                    args.add(simple(arg));
                }
                yield simple(type.name()) + args;
            }
            case WILDCARD_TYPE -> {
                var wildcard = type.asWildcardType();
                if (wildcard.superBound() != null) {
                    yield "? super " + simple(wildcard.superBound());
                }
                Type upper = wildcard.extendsBound();
                yield upper == null || upper.name().equals(DotName.OBJECT_NAME) ? "?" : "? extends " + simple(upper);
            }
            default -> type.toString();
        };
    }

    /** {@code countTo} → {@code count_to}, {@code parseURL} → {@code parse_url} (as Python's inflection does). */
    static String snakeCase(String name) {
        return splitWords(name, "_").replace('-', '_').toLowerCase(java.util.Locale.ROOT);
    }

    /** {@code countTo} → {@code Count To}, {@code parseURL} → {@code Parse URL}. */
    static String titleCase(String name) {
        String[] words = splitWords(name, " ").replace('_', ' ').trim().split(" +");
        StringJoiner out = new StringJoiner(" ");
        for (String word : words) {
            out.add(Character.toUpperCase(word.charAt(0)) + word.substring(1));
        }
        return out.toString();
    }

    private static String splitWords(String name, String separator) {
        String split = ACRONYM_WORD.matcher(name).replaceAll("$1" + separator + "$2");
        return LOWER_UPPER.matcher(split).replaceAll("$1" + separator + "$2");
    }
}
