package io.quarkiverse.rekuest.deployment.validation;

import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Paragraph;
import io.quarkiverse.rekuest.PortEffect;
import io.quarkiverse.rekuest.PortGroup;
import io.quarkiverse.rekuest.Slider;
import io.quarkiverse.rekuest.Structure;
import io.quarkiverse.rekuest.Validator;

/** Port metadata the build refuses. */
public class BadMetadataNodes {

    /** A structure without shrink or expand. */
    @Structure("@x/thing")
    public record Thing(String id) {
    }

    /** Neither a record nor a structure. */
    public sealed interface Mixed permits Ok, NotARecord {
    }

    public record Ok(int a) implements Mixed {
    }

    public static final class NotARecord implements Mixed {
    }

    @Node
    @PortGroup(key = "g", ports = { "a", "missing" })
    public void groups(int a) {
    }

    @Node
    public void dependencies(@Validator(function = "() => undefined", dependencies = "nope") int a,
            @PortEffect(kind = PortEffect.Kind.HIDE, function = "() => true", dependencies = "a..x") int b) {
    }

    @Node
    public void widgets(@Slider(min = 5, max = 1) int a, @Paragraph int b) {
    }

    @Node
    public void structure(Thing thing) {
    }

    @Node
    public void union(Mixed mixed) {
    }
}
