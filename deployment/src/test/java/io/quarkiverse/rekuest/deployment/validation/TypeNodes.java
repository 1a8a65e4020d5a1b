package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;
import java.util.Map;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Port;
import io.quarkiverse.rekuest.deployment.test.golden.Color;
import io.smallrye.mutiny.Uni;

/** Nodes whose parameter or return types no port can carry, and defaults that do not fit their port. */
public class TypeNodes {

    /** A plain class: neither a record nor an enum. */
    public static class Baz {
    }

    public record Tree(String label, List<Tree> children) {
    }

    public record Pair<A, B>(A first, B second) {
    }

    public record Holder(String name, Map<String, Baz> bazes) {
    }

    @Node
    public int listOfBaz(List<Baz> x) {
        return 1;
    }

    @Node
    public int intKeys(Map<Integer, String> m) {
        return 1;
    }

    @Node
    @SuppressWarnings("rawtypes")
    public int raw(List l) {
        return 1;
    }

    @Node
    public int wildcard(List<? extends Number> w) {
        return 1;
    }

    @Node
    public <T> int generic(T t) {
        return 1;
    }

    @Node
    public int uniParameter(Uni<String> u) {
        return 1;
    }

    @Node
    public int recursive(Tree tree) {
        return 1;
    }

    @Node
    public int genericRecord(Pair<String, String> pair) {
        return 1;
    }

    @Node
    public int nested(Holder holder) {
        return 1;
    }

    @Node
    public Baz returnsBaz() {
        return new Baz();
    }

    @Node
    @SuppressWarnings("rawtypes")
    public Uni rawUni() {
        return Uni.createFrom().nullItem();
    }

    @Node
    public int defaults(
            @Port(defaultValue = "abc") String notJson,
            @Port(defaultValue = "\"x\"") int wrongType,
            @Port(defaultValue = "\"PURPLE\"") Color notAConstant,
            @Port(defaultValue = "null") int notNullable,
            @Port(defaultValue = "[1, \"a\"]") List<Integer> wrongItem) {
        return 1;
    }
}
