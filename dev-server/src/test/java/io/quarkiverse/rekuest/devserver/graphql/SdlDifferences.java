package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import graphql.language.AstPrinter;
import graphql.language.DirectiveDefinition;
import graphql.language.DirectivesContainer;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.language.Value;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/**
 * The structural differences between two SDLs (the dev server's and the real server's): every type, its kind, every
 * field, argument, input field and enum value with its type (nullability and list wrapping included) and default,
 * the interfaces a type implements, union members, {@code @oneOf} on inputs, and which directives are declared.
 * Descriptions, order and other directive uses are ignored. Each difference is one readable line naming the element.
 */
final class SdlDifferences {

    private SdlDifferences() {
    }

    /** Every difference, one line each; empty when both declare the same structure. */
    static List<String> between(String mine, String reference) {
        TypeDefinitionRegistry here = new SchemaParser().parse(mine);
        TypeDefinitionRegistry there = new SchemaParser().parse(reference);
        List<String> problems = new ArrayList<>();
        compareNames("directive @", directives(here), directives(there), problems);
        Map<String, TypeDefinition<?>> ours = all(here);
        Map<String, TypeDefinition<?>> theirs = all(there);
        for (String name : union(ours, theirs)) {
            TypeDefinition<?> a = ours.get(name);
            TypeDefinition<?> b = theirs.get(name);
            if (a == null) {
                problems.add(kind(b) + " " + name + ": missing here");
            } else if (b == null) {
                problems.add(kind(a) + " " + name + ": not in the reference");
            } else if (a.getClass() != b.getClass()) {
                problems.add(name + ": is " + kind(a) + " here but " + kind(b) + " in the reference");
            } else {
                compareType(name, a, b, problems);
            }
        }
        return problems;
    }

    private static void compareType(String name, TypeDefinition<?> a, TypeDefinition<?> b, List<String> problems) {
        if (a instanceof ObjectTypeDefinition o) {
            ObjectTypeDefinition r = (ObjectTypeDefinition) b;
            fields(name, o.getFieldDefinitions(), r.getFieldDefinitions(), problems);
            compareNames(name + " implements ", names(o.getImplements()), names(r.getImplements()), problems);
        } else if (a instanceof InterfaceTypeDefinition i) {
            InterfaceTypeDefinition r = (InterfaceTypeDefinition) b;
            fields(name, i.getFieldDefinitions(), r.getFieldDefinitions(), problems);
            compareNames(name + " implements ", names(i.getImplements()), names(r.getImplements()), problems);
        } else if (a instanceof InputObjectTypeDefinition in) {
            InputObjectTypeDefinition r = (InputObjectTypeDefinition) b;
            inputValues("input field " + name, in.getInputValueDefinitions(), r.getInputValueDefinitions(), problems);
            if (oneOf(in) != oneOf(r)) {
                problems.add("input " + name + ": @oneOf " + (oneOf(in) ? "here" : "in the reference") + " only");
            }
        } else if (a instanceof EnumTypeDefinition e) {
            compareNames("enum value " + name + ".", e.getEnumValueDefinitions().stream().map(EnumValueDefinition::getName)
                    .toList(),
                    ((EnumTypeDefinition) b).getEnumValueDefinitions().stream().map(EnumValueDefinition::getName)
                            .toList(),
                    problems);
        } else if (a instanceof UnionTypeDefinition u) {
            compareNames("union member " + name + ".", names(u.getMemberTypes()),
                    names(((UnionTypeDefinition) b).getMemberTypes()), problems);
        }
    }

    private static void fields(String type, List<FieldDefinition> mine, List<FieldDefinition> theirs,
            List<String> problems) {
        Map<String, FieldDefinition> a = byName(mine, FieldDefinition::getName);
        Map<String, FieldDefinition> b = byName(theirs, FieldDefinition::getName);
        for (String name : union(a, b)) {
            String where = "field " + type + "." + name;
            if (!a.containsKey(name)) {
                problems.add(where + ": missing here");
            } else if (!b.containsKey(name)) {
                problems.add(where + ": not in the reference");
            } else {
                sameType(where, a.get(name).getType(), b.get(name).getType(), problems);
                inputValues("argument " + type + "." + name, a.get(name).getInputValueDefinitions(),
                        b.get(name).getInputValueDefinitions(), problems);
            }
        }
    }

    private static void inputValues(String owner, List<InputValueDefinition> mine, List<InputValueDefinition> theirs,
            List<String> problems) {
        Map<String, InputValueDefinition> a = byName(mine, InputValueDefinition::getName);
        Map<String, InputValueDefinition> b = byName(theirs, InputValueDefinition::getName);
        for (String name : union(a, b)) {
            String where = owner + "." + name;
            if (!a.containsKey(name)) {
                problems.add(where + ": missing here");
            } else if (!b.containsKey(name)) {
                problems.add(where + ": not in the reference");
            } else {
                sameType(where, a.get(name).getType(), b.get(name).getType(), problems);
                String defaultHere = print(a.get(name).getDefaultValue());
                String defaultThere = print(b.get(name).getDefaultValue());
                if (!Objects.equals(defaultHere, defaultThere)) {
                    problems.add(where + ": default " + defaultHere + " here but " + defaultThere + " in the reference");
                }
            }
        }
    }

    private static void compareNames(String prefix, List<String> mine, List<String> theirs, List<String> problems) {
        for (String name : mine) {
            if (!theirs.contains(name)) {
                problems.add(prefix + name + ": not in the reference");
            }
        }
        for (String name : theirs) {
            if (!mine.contains(name)) {
                problems.add(prefix + name + ": missing here");
            }
        }
    }

    private static void sameType(String where, Type<?> mine, Type<?> theirs, List<String> problems) {
        String a = AstPrinter.printAst(mine), b = AstPrinter.printAst(theirs);
        if (!a.equals(b)) {
            problems.add(where + ": type " + a + " here but " + b + " in the reference");
        }
    }

    private static String print(Value<?> value) {
        return value == null ? "(none)" : AstPrinter.printAst(value);
    }

    private static boolean oneOf(DirectivesContainer<?> container) {
        return container.hasDirective("oneOf");
    }

    private static List<String> directives(TypeDefinitionRegistry registry) {
        return registry.getDirectiveDefinitions().values().stream().map(DirectiveDefinition::getName).sorted().toList();
    }

    /** Types, inputs, enums, unions, interfaces and scalars by name (built-in scalars included). */
    private static Map<String, TypeDefinition<?>> all(TypeDefinitionRegistry registry) {
        if (!registry.objectTypeExtensions().isEmpty() || !registry.inputObjectTypeExtensions().isEmpty()
                || !registry.enumTypeExtensions().isEmpty() || !registry.interfaceTypeExtensions().isEmpty()
                || !registry.unionTypeExtensions().isEmpty()) {
            throw new IllegalArgumentException("type extensions are not supported by this comparison");
        }
        Map<String, TypeDefinition<?>> all = new LinkedHashMap<>();
        registry.types().forEach(all::put);
        registry.scalars().forEach(all::put);
        return all;
    }

    private static <T> Map<String, T> byName(List<T> items, Function<T, String> name) {
        Map<String, T> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(name.apply(i), i));
        return map;
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> names = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(n -> !a.containsKey(n)).forEach(names::add);
        return names;
    }

    @SuppressWarnings("rawtypes")
    private static List<String> names(List<Type> types) {
        return types.stream().map(t -> ((TypeName) t).getName()).toList();
    }

    private static String kind(TypeDefinition<?> definition) {
        if (definition instanceof ObjectTypeDefinition) {
            return "type";
        } else if (definition instanceof InputObjectTypeDefinition) {
            return "input";
        } else if (definition instanceof EnumTypeDefinition) {
            return "enum";
        } else if (definition instanceof InterfaceTypeDefinition) {
            return "interface";
        } else if (definition instanceof UnionTypeDefinition) {
            return "union";
        } else if (definition instanceof ScalarTypeDefinition) {
            return "scalar";
        }
        return definition.getClass().getSimpleName();
    }
}
