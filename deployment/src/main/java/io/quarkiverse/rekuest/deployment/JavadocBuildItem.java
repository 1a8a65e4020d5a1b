package io.quarkiverse.rekuest.deployment;

import io.quarkus.builder.item.SimpleBuildItem;

/** The Javadoc of the application's sources, for the descriptions of nodes, ports and choices. */
final class JavadocBuildItem extends SimpleBuildItem {

    private final JavadocIndex index;

    JavadocBuildItem(JavadocIndex index) {
        this.index = index;
    }

    JavadocIndex index() {
        return index;
    }
}
