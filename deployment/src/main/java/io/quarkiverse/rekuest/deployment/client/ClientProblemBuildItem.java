package io.quarkiverse.rekuest.deployment.client;

import io.quarkus.builder.item.MultiBuildItem;

/** A problem with a {@code @RekuestClient} injection point or interface, reported when the build validates. */
public final class ClientProblemBuildItem extends MultiBuildItem {

    private final String message;

    ClientProblemBuildItem(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
