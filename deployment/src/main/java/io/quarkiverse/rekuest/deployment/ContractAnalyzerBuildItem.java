package io.quarkiverse.rekuest.deployment;

import org.jboss.jandex.IndexView;

import io.quarkus.builder.item.SimpleBuildItem;

/**
 * Derives the definitions of interface methods that are contracts (called through a {@code @RekuestClient} proxy),
 * with the code that derives {@code @Node} definitions: {@link #create()} gives a fresh {@link ClientContracts}.
 */
public final class ContractAnalyzerBuildItem extends SimpleBuildItem {

    private final IndexView index;
    private final JavadocIndex javadoc;

    ContractAnalyzerBuildItem(IndexView index, JavadocIndex javadoc) {
        this.index = index;
        this.javadoc = javadoc;
    }

    /** A fresh analysis (it collects the enums and records that need adapters). */
    public ClientContracts create() {
        return new ClientContracts(index, javadoc);
    }
}
