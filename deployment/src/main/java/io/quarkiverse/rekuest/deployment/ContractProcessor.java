package io.quarkiverse.rekuest.deployment;

import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

/**
 * Contracts: offers the analysis that derives {@code @Node} definitions to the build steps that read interface methods
 * as remote actions (the {@code @RekuestClient} steps, in another package).
 */
class ContractProcessor {

    @BuildStep
    ContractAnalyzerBuildItem contractAnalyzer(CombinedIndexBuildItem index, JavadocBuildItem javadoc) {
        return new ContractAnalyzerBuildItem(index.getComputingIndex(), javadoc.index());
    }
}
