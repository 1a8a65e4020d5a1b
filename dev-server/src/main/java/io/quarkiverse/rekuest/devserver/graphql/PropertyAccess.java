package io.quarkiverse.rekuest.devserver.graphql;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a named property of a fetcher's source, telling "absent" apart from "null": a map entry, or a public getter
 * ({@code getName}, {@code isName}, a record accessor {@code name()}) or public field of an object. The readers of a
 * class are found once.
 */
final class PropertyAccess {

    /** What {@link #read} answers when the source has no such property. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "ABSENT";
        }
    };

    private static final ClassValue<Map<String, MethodHandle>> READERS = new ClassValue<>() {
        @Override
        protected Map<String, MethodHandle> computeValue(Class<?> type) {
            return readersOf(type);
        }
    };

    private PropertyAccess() {
    }

    static Object read(Object source, String name) {
        if (source instanceof Map<?, ?> map) {
            Object value = map.get(name);
            return value != null || map.containsKey(name) ? value : ABSENT;
        }
        MethodHandle reader = READERS.get(source.getClass()).get(name);
        if (reader == null) {
            return ABSENT;
        }
        try {
            return reader.invoke(source);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + name + " of " + source.getClass().getSimpleName(), e);
        }
    }

    private static Map<String, MethodHandle> readersOf(Class<?> type) {
        Map<String, MethodHandle> readers = new HashMap<>();
        if (!Modifier.isPublic(type.getModifiers())) {
            return readers;
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            for (Field field : type.getFields()) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    readers.put(field.getName(), lookup.unreflectGetter(field));
                }
            }
            for (Method method : type.getMethods()) {
                if (Modifier.isStatic(method.getModifiers()) || method.getParameterCount() != 0
                        || method.getReturnType() == void.class || method.getDeclaringClass() == Object.class) {
                    continue;
                }
                String name = method.getName();
                String property = name;
                if (name.length() > 3 && name.startsWith("get") && Character.isUpperCase(name.charAt(3))) {
                    property = Character.toLowerCase(name.charAt(3)) + name.substring(4);
                } else if (name.length() > 2 && name.startsWith("is") && Character.isUpperCase(name.charAt(2))
                        && method.getReturnType() == boolean.class) {
                    property = Character.toLowerCase(name.charAt(2)) + name.substring(3);
                }
                readers.put(property, lookup.unreflect(method)); // a getter wins over a same-named field
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read the properties of " + type.getName(), e);
        }
        return readers;
    }
}
