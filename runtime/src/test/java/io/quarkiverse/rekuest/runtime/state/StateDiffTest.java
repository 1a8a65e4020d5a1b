package io.quarkiverse.rekuest.runtime.state;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON-patch operations between two state values: per member of objects, whole otherwise, RFC 6901 paths. */
class StateDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> diff(String before, String after) throws Exception {
        List<StateDiff.Op> ops = new ArrayList<>();
        StateDiff.diff(JSON.readTree(before), JSON.readTree(after), "", ops);
        List<String> rendered = new ArrayList<>();
        for (StateDiff.Op op : ops) {
            rendered.add(op.op() + " " + op.path() + " " + op.value() + " (was " + op.old() + ")");
        }
        return rendered;
    }

    @Test
    void equalValuesNeedNoOperation() throws Exception {
        assertEquals(List.of(), diff("{\"x\":1,\"l\":[1,2]}", "{\"x\":1,\"l\":[1,2]}"));
    }

    @Test
    void changedMembersAreReplacedOneByOneAndNestedObjectsAreEnteredAndListsReplacedWhole() throws Exception {
        assertEquals(List.of("replace /x 2 (was 1)", "replace /pos/y 5 (was 4)", "replace /l [1,2,3] (was [1,2])"),
                diff("{\"x\":1,\"pos\":{\"y\":4,\"z\":0},\"l\":[1,2]}", "{\"x\":2,\"pos\":{\"y\":5,\"z\":0},\"l\":[1,2,3]}"));
    }

    @Test
    void addedAndRemovedMembersAndEscapedPaths() throws Exception {
        JsonNode value = JSON.readTree("{\"a/b\":1,\"c~d\":null}");
        List<StateDiff.Op> ops = new ArrayList<>();
        StateDiff.diff(JSON.readTree("{\"gone\":true}"), value, "", ops);
        assertEquals(List.of("add /a~1b", "add /c~0d", "remove /gone"),
                ops.stream().map(op -> op.op() + " " + op.path()).toList());
    }

    @Test
    void aValueOfAnotherKindIsReplacedAtItsPath() throws Exception {
        assertEquals(List.of("replace /v {\"a\":1} (was 3)"), diff("{\"v\":3}", "{\"v\":{\"a\":1}}"));
    }
}
