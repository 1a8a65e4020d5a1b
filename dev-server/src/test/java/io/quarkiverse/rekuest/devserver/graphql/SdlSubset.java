package io.quarkiverse.rekuest.devserver.graphql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import graphql.language.AstPrinter;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.FieldDefinition;
import graphql.language.InputObjectTypeDefinition;
import graphql.language.InputValueDefinition;
import graphql.language.InterfaceTypeDefinition;
import graphql.language.NonNullType;
import graphql.language.ObjectTypeDefinition;
import graphql.language.ScalarTypeDefinition;
import graphql.language.Type;
import graphql.language.TypeDefinition;
import graphql.language.TypeName;
import graphql.language.UnionTypeDefinition;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/**
 * Checks that one SDL (the dev server's) is a strict subset of another (the real server's): every type it declares
 * exists there with the same kind; every field, argument, input field and enum value exists with the same type,
 * nullability and list wrapping included; every interface a type implements and every union member is declared
 * there too. Directives and descriptions are ignored. Because a document valid against the subset must also be
 * valid against the reference, an argument or input field the reference requires (non-null without a default) must
 * not be missing from the subset either.
 */
final class SdlSubset {

    private SdlSubset() {
    }

    /** Every difference, one readable line each; empty when {@code subset} conforms. */
    static List<String> violations(String subset, String reference) {
        TypeDefinitionRegistry sub = new SchemaParser().parse(subset);
        TypeDefinitionRegistry ref = new SchemaParser().parse(reference);
        Map<String, TypeDefinition<?>> refTypes = all(ref);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, TypeDefinition<?>> entry : all(sub).entrySet()) {
            String name = entry.getKey();
            TypeDefinition<?> mine = entry.getValue();
            TypeDefinition<?> theirs = refTypes.get(name);
            if (theirs == null) {
                problems.add(kind(mine) + " " + name + ": not in the reference");
                continue;
            }
            if (mine.getClass() != theirs.getClass()) {
                problems.add(name + ": is " + kind(mine) + " here but " + kind(theirs) + " in the reference");
                continue;
            }
            if (mine instanceof ObjectTypeDefinition o) {
                ObjectTypeDefinition r = (ObjectTypeDefinition) theirs;
                fields(name, o.getFieldDefinitions(), r.getFieldDefinitions(), problems);
                implementsSubset(name, names(o.getImplements()), names(r.getImplements()), problems);
            } else if (mine instanceof InterfaceTypeDefinition i) {
                InterfaceTypeDefinition r = (InterfaceTypeDefinition) theirs;
                fields(name, i.getFieldDefinitions(), r.getFieldDefinitions(), problems);
                implementsSubset(name, names(i.getImplements()), names(r.getImplements()), problems);
            } else if (mine instanceof InputObjectTypeDefinition in) {
                inputValues(name, "input field", in.getInputValueDefinitions(),
                        ((InputObjectTypeDefinition) theirs).getInputValueDefinitions(), problems);
            } else if (mine instanceof EnumTypeDefinition e) {
                Set<String> values = ((EnumTypeDefinition) theirs).getEnumValueDefinitions().stream()
                        .map(EnumValueDefinition::getName).collect(Collectors.toSet());
                for (EnumValueDefinition value : e.getEnumValueDefinitions()) {
                    if (!values.contains(value.getName())) {
                        problems.add("enum " + name + "." + value.getName() + ": not in the reference");
                    }
                }
            } else if (mine instanceof UnionTypeDefinition u) {
                List<String> members = names(((UnionTypeDefinition) theirs).getMemberTypes());
                for (String member : names(u.getMemberTypes())) {
                    if (!members.contains(member)) {
                        problems.add("union " + name + ": member " + member + " not in the reference");
                    }
                }
            }
        }
        return problems;
    }

    /** Types, inputs, enums, unions, interfaces and scalars by name (built-in scalars included). */
    private static Map<String, TypeDefinition<?>> all(TypeDefinitionRegistry registry) {
        Map<String, TypeDefinition<?>> all = new LinkedHashMap<>();
        registry.types().forEach((k, v) -> all.put(k, v));
        registry.scalars().forEach((k, v) -> all.put(k, v));
        if (!registry.objectTypeExtensions().isEmpty() || !registry.inputObjectTypeExtensions().isEmpty()
                || !registry.enumTypeExtensions().isEmpty() || !registry.interfaceTypeExtensions().isEmpty()
                || !registry.unionTypeExtensions().isEmpty()) {
            throw new IllegalArgumentException("type extensions are not supported by this comparison");
        }
        return all;
    }

    private static void fields(String type, List<FieldDefinition> mine, List<FieldDefinition> theirs,
            List<String> problems) {
        Map<String, FieldDefinition> reference = new LinkedHashMap<>();
        theirs.forEach(f -> reference.put(f.getName(), f));
        for (FieldDefinition field : mine) {
            FieldDefinition r = reference.get(field.getName());
            String where = type + "." + field.getName();
            if (r == null) {
                problems.add("field " + where + ": not in the reference");
                continue;
            }
            sameType("field " + where, field.getType(), r.getType(), problems);
            inputValues(where, "argument", field.getInputValueDefinitions(), r.getInputValueDefinitions(), problems);
        }
    }

    private static void inputValues(String owner, String what, List<InputValueDefinition> mine,
            List<InputValueDefinition> theirs, List<String> problems) {
        Map<String, InputValueDefinition> reference = new LinkedHashMap<>();
        theirs.forEach(v -> reference.put(v.getName(), v));
        Set<String> declared = mine.stream().map(InputValueDefinition::getName).collect(Collectors.toSet());
        for (InputValueDefinition value : mine) {
            InputValueDefinition r = reference.get(value.getName());
            String where = what + " " + owner + "." + value.getName();
            if (r == null) {
                problems.add(where + ": not in the reference");
                continue;
            }
            sameType(where, value.getType(), r.getType(), problems);
        }
        for (InputValueDefinition r : theirs) {
            if (!declared.contains(r.getName()) && r.getType() instanceof NonNullType && r.getDefaultValue() == null) {
                problems.add(what + " " + owner + "." + r.getName()
                        + ": required by the reference (" + print(r.getType()) + ") but missing here");
            }
        }
    }

    private static void implementsSubset(String type, List<String> mine, List<String> theirs, List<String> problems) {
        for (String iface : mine) {
            if (!theirs.contains(iface)) {
                problems.add(type + " implements " + iface + ": not in the reference");
            }
        }
    }

    private static void sameType(String where, Type<?> mine, Type<?> theirs, List<String> problems) {
        String a = print(mine), b = print(theirs);
        if (!a.equals(b)) {
            problems.add(where + ": type " + a + " here but " + b + " in the reference");
        }
    }

    private static String print(Type<?> type) {
        return AstPrinter.printAst(type);
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
