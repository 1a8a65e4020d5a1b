package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.List;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.MethodInfo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.definition.PortDefinition;

/** {@code @PortGroup} and {@code @IsTestFor} of a node method, as {@code PortGroupInput} and {@code TestTargetInput}. */
final class ActionMetadata {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ActionMetadata() {
    }

    /** The port groups; each port must name an arg port, and keys must be unique. */
    static List<String> portGroups(MethodInfo method, List<PortDefinition> args, List<String> problems) {
        List<String> keys = new ArrayList<>();
        args.forEach(arg -> keys.add(arg.key()));
        List<String> groups = new ArrayList<>();
        List<String> groupKeys = new ArrayList<>();
        for (AnnotationInstance group : repeated(method, DotNames.PORT_GROUP, DotNames.PORT_GROUPS)) {
            String key = group.value("key").asString();
            if (groupKeys.contains(key)) {
                problems.add("has two port groups with the key \"" + key + "\". Fix: give each group its own key.");
            }
            groupKeys.add(key);
            ObjectNode json = JSON.objectNode().put("key", key);
            put(json, group, "title");
            put(json, group, "description");
            json.set("effects", JSON.arrayNode());
            ArrayNode ports = json.putArray("ports");
            for (String port : group.value("ports").asStringArray()) {
                if (!keys.contains(port)) {
                    problems.add("has the port group \"" + key + "\" naming \"" + port
                            + "\", which is not a port of the node. Fix: name one of " + keys + ".");
                }
                ports.add(port);
            }
            groups.add(json.toString());
        }
        return groups;
    }

    /** The test targets: each names a key or a hash. */
    static List<String> isTestFor(MethodInfo method, List<String> problems) {
        List<String> targets = new ArrayList<>();
        for (AnnotationInstance target : repeated(method, DotNames.IS_TEST_FOR, DotNames.IS_TEST_FORS)) {
            ObjectNode json = JSON.objectNode();
            put(json, target, "hash");
            put(json, target, "app");
            put(json, target, "key");
            put(json, target, "version");
            if (!json.has("hash") && !json.has("key")) {
                problems.add("has @IsTestFor without key or hash. Fix: name the tested action by key (or hash).");
            }
            targets.add(json.toString());
        }
        return targets;
    }

    private static List<AnnotationInstance> repeated(MethodInfo method, org.jboss.jandex.DotName single,
            org.jboss.jandex.DotName container) {
        List<AnnotationInstance> all = new ArrayList<>();
        AnnotationInstance one = method.declaredAnnotation(single);
        if (one != null) {
            all.add(one);
        }
        AnnotationInstance many = method.declaredAnnotation(container);
        if (many != null) {
            all.addAll(List.of(many.value().asNestedArray()));
        }
        return all;
    }

    private static void put(ObjectNode json, AnnotationInstance annotation, String member) {
        AnnotationValue value = annotation.value(member);
        if (value != null && !value.asString().isEmpty()) {
            json.put(member, value.asString());
        }
    }
}
