package io.quarkiverse.rekuest.deployment;

import org.jboss.jandex.Type;

import io.quarkus.builder.item.MultiBuildItem;

/**
 * A Java type whose port codec the application needs besides the {@code @Node} methods' (e.g. a parameter or result of
 * a {@code @RekuestClient} method): the generated adapters of its enums, records and structures become part of the
 * {@link io.quarkiverse.rekuest.runtime.codec.NodeCodecs} bean. Derive its
 * {@link io.quarkiverse.rekuest.runtime.codec.JavaType} with {@link AgentJavaTypes}, and compile codecs at run time
 * with {@code NodeCodecs.portCodec()} or build a {@code NodeCodec} from an {@code ActionDefinition}.
 */
public final class CodecTypeBuildItem extends MultiBuildItem {

    private final Type type;

    public CodecTypeBuildItem(Type type) {
        this.type = type;
    }

    public Type type() {
        return type;
    }
}
