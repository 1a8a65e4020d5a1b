package io.quarkiverse.rekuest.deployment;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkiverse.rekuest.runtime.definition.PortDefinition;
import io.quarkiverse.rekuest.runtime.definition.PortKind;

/**
 * Reads the port metadata annotations ({@code @Slider @Paragraph @Choices @Search @Validator @PortEffect}) into the
 * reference's input types ({@code AssignWidgetInput}, {@code ValidatorInput}, {@code EffectInput}) as compact JSON,
 * checking each against the port's kind.
 */
final class PortMetadata {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What was read: JSON fragments and the port keys they depend on. */
    record Read(String widget, List<String> validators, List<String> effects, List<String> dependencies) {

        static final Read NONE = new Read(null, List.of(), List.of(), List.of());

        boolean isEmpty() {
            return widget == null && validators.isEmpty() && effects.isEmpty();
        }
    }

    private PortMetadata() {
    }

    /**
     * @param declared the annotations of the parameter or record component
     * @param port the port, for its kind
     * @throws InvalidPortMetadataException naming what is wrong and the fix
     */
    static Read read(List<AnnotationInstance> declared, PortDefinition port) throws InvalidPortMetadataException {
        String widget = null;
        String widgetAnnotation = null;
        List<String> validators = new ArrayList<>();
        List<String> effects = new ArrayList<>();
        List<String> dependencies = new ArrayList<>();
        for (AnnotationInstance annotation : declared) {
            String name = annotation.name().toString();
            String produced = null;
            if (annotation.name().equals(DotNames.SLIDER)) {
                produced = slider(annotation, port);
            } else if (annotation.name().equals(DotNames.PARAGRAPH)) {
                produced = paragraph(annotation, port);
            } else if (annotation.name().equals(DotNames.CHOICES)) {
                produced = choices(annotation, port);
            } else if (annotation.name().equals(DotNames.SEARCH)) {
                produced = search(annotation, port, dependencies);
            } else if (annotation.name().equals(DotNames.VALIDATOR)) {
                validators.add(validator(annotation, dependencies));
            } else if (annotation.name().equals(DotNames.VALIDATORS)) {
                for (AnnotationInstance nested : annotation.value().asNestedArray()) {
                    validators.add(validator(nested, dependencies));
                }
            } else if (annotation.name().equals(DotNames.PORT_EFFECT)) {
                effects.add(effect(annotation, dependencies));
            } else if (annotation.name().equals(DotNames.PORT_EFFECTS)) {
                for (AnnotationInstance nested : annotation.value().asNestedArray()) {
                    effects.add(effect(nested, dependencies));
                }
            }
            if (produced != null) {
                if (widget != null) {
                    throw new InvalidPortMetadataException("has two widgets, @" + simple(widgetAnnotation) + " and @"
                            + simple(name) + ". Fix: keep one.");
                }
                widget = produced;
                widgetAnnotation = name;
            }
        }
        if (widget == null && validators.isEmpty() && effects.isEmpty()) {
            return Read.NONE;
        }
        return new Read(widget, validators, effects, dependencies);
    }

    private static String slider(AnnotationInstance annotation, PortDefinition port) throws InvalidPortMetadataException {
        kinds(port, "@Slider", PortKind.INT, PortKind.FLOAT);
        double min = annotation.value("min").asDouble();
        double max = annotation.value("max").asDouble();
        AnnotationValue stepValue = annotation.value("step");
        double step = stepValue == null ? 0 : stepValue.asDouble();
        if (!(min < max)) {
            throw new InvalidPortMetadataException("has @Slider(min = " + min + ", max = " + max
                    + "), whose min is not below its max. Fix: give min < max.");
        }
        if (step < 0) {
            throw new InvalidPortMetadataException("has @Slider(step = " + step + "). Fix: give a positive step, or none.");
        }
        ObjectNode widget = JSON.objectNode().put("kind", "SLIDER").put("min", min).put("max", max);
        if (step > 0) {
            widget.put("step", step);
        }
        return widget.toString();
    }

    private static String paragraph(AnnotationInstance annotation, PortDefinition port) throws InvalidPortMetadataException {
        kinds(port, "@Paragraph", PortKind.STRING);
        ObjectNode widget = JSON.objectNode().put("kind", "STRING").put("asParagraph", true);
        String placeholder = string(annotation, "placeholder");
        if (placeholder != null) {
            widget.put("placeholder", placeholder);
        }
        return widget.toString();
    }

    private static String choices(AnnotationInstance annotation, PortDefinition port) throws InvalidPortMetadataException {
        kinds(port, "@Choices", PortKind.STRING, PortKind.INT, PortKind.FLOAT);
        ArrayNode choices = JSON.arrayNode();
        AnnotationInstance[] options = annotation.value().asNestedArray();
        if (options.length == 0) {
            throw new InvalidPortMetadataException("has @Choices without options. Fix: give at least one @Choices.Option.");
        }
        for (AnnotationInstance option : options) {
            String value = option.value().asString();
            ObjectNode choice = choices.addObject();
            try {
                switch (port.kind()) {
                    case INT -> choice.put("value", new BigInteger(value.trim()));
                    case FLOAT -> choice.put("value", new BigDecimal(value.trim()));
                    default -> choice.put("value", value);
                }
            } catch (NumberFormatException e) {
                throw new InvalidPortMetadataException("has the choice \"" + value + "\", which is not a"
                        + (port.kind() == PortKind.INT
                                ? "n integer"
                                : " number")
                        + " like the " + port.kind() + " port. Fix: write a value of the port's kind.");
            }
            String label = string(option, "label");
            choice.put("label", label == null ? value : label);
            String description = string(option, "description");
            if (description != null) {
                choice.put("description", description);
            }
        }
        return JSON.objectNode().put("kind", "CHOICE").<ObjectNode> set("choices", choices).toString();
    }

    private static String search(AnnotationInstance annotation, PortDefinition port, List<String> dependencies)
            throws InvalidPortMetadataException {
        PortKind kind = port.kind() == PortKind.LIST ? port.children().get(0).kind() : port.kind();
        if (kind != PortKind.STRUCTURE && kind != PortKind.STRING && kind != PortKind.INT) {
            throw new InvalidPortMetadataException("has @Search on " + article(port.kind())
                    + " port. Fix: use it on a structure, string or integer port (or a list of them).");
        }
        ObjectNode widget = JSON.objectNode().put("kind", "SEARCH").put("query", annotation.value("query").asString())
                .put("ward", annotation.value("ward").asString());
        widget.set("dependencies", dependencies(annotation, dependencies));
        return widget.toString();
    }

    private static String validator(AnnotationInstance annotation, List<String> dependencies) {
        ObjectNode validator = JSON.objectNode().put("function", annotation.value("function").asString());
        validator.set("dependencies", dependencies(annotation, dependencies));
        String label = string(annotation, "label");
        if (label != null) {
            validator.put("label", label);
        }
        String errorMessage = string(annotation, "errorMessage");
        if (errorMessage != null) {
            validator.put("errorMessage", errorMessage);
        }
        return validator.toString();
    }

    private static String effect(AnnotationInstance annotation, List<String> dependencies) {
        ObjectNode effect = JSON.objectNode().put("function", annotation.value("function").asString());
        effect.set("dependencies", dependencies(annotation, dependencies));
        effect.put("kind", annotation.value("kind").asEnum());
        String message = string(annotation, "message");
        if (message != null) {
            effect.put("message", message);
        }
        AnnotationValue fade = annotation.value("fade");
        effect.put("fade", fade == null || fade.asBoolean());
        String hook = string(annotation, "hook");
        if (hook != null) {
            effect.put("hook", hook);
        }
        String ward = string(annotation, "ward");
        if (ward != null) {
            effect.put("ward", ward);
        }
        return effect.toString();
    }

    private static ArrayNode dependencies(AnnotationInstance annotation, List<String> all) {
        ArrayNode array = JSON.arrayNode();
        AnnotationValue value = annotation.value("dependencies");
        if (value != null) {
            for (String dependency : value.asStringArray()) {
                array.add(dependency);
                all.add(dependency);
            }
        }
        return array;
    }

    private static void kinds(PortDefinition port, String annotation, PortKind... kinds) throws InvalidPortMetadataException {
        for (PortKind kind : kinds) {
            if (port.kind() == kind) {
                return;
            }
        }
        List<String> names = new ArrayList<>();
        for (PortKind kind : kinds) {
            names.add(kind.name());
        }
        throw new InvalidPortMetadataException("has " + annotation + " on " + article(port.kind()) + " port. Fix: use it on a "
                + String.join(" or ", names) + " port, or remove it.");
    }

    private static String string(AnnotationInstance annotation, String member) {
        AnnotationValue value = annotation.value(member);
        return value == null || value.asString().isEmpty() ? null : value.asString();
    }

    private static String article(PortKind kind) {
        return ("AEIOU".indexOf(kind.name().charAt(0)) >= 0 ? "an " : "a ") + kind.name();
    }

    private static String simple(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
