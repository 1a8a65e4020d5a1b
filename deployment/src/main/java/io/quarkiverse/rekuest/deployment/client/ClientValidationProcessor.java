package io.quarkiverse.rekuest.deployment.client;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.inject.spi.DeploymentException;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.deployment.ClientContracts;
import io.quarkus.arc.deployment.BeanDiscoveryFinishedBuildItem;
import io.quarkus.arc.deployment.UnremovableBeanBuildItem;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.builditem.CombinedIndexBuildItem;

/**
 * {@code @RekuestClient} validation: reports the problems of the client injection points and interfaces as deployment
 * errors, before ArC validates the deployment.
 */
class ClientValidationProcessor {

    /**
     * Reports the problems of the client interfaces, and gives a hint when an interface with {@code @Node} methods is
     * injected without {@code @RekuestClient} and no bean provides it.
     * <p>
     * This runs once beans are discovered but before ArC validates the deployment (it produces an item ArC's validation
     * consumes): the injection points of a rejected interface, and one injected without the qualifier, are unsatisfied,
     * and ArC's "Unsatisfied dependency" would otherwise be the only message. Synthetic beans are not known yet: an
     * interface with {@code @Node} methods provided only by another extension's synthetic bean needs
     * {@code @RekuestClient} or a class bean.
     */
    @BuildStep
    UnremovableBeanBuildItem report(BeanDiscoveryFinishedBuildItem discovery, List<ClientProblemBuildItem> problems,
            CombinedIndexBuildItem combined) {
        List<Throwable> found = new ArrayList<>();
        for (ClientProblemBuildItem problem : problems) {
            found.add(new DeploymentException(problem.message()));
        }
        IndexView index = combined.getComputingIndex();
        for (InjectionPointInfo injection : discovery.getInjectionPoints()) {
            Type type = injection.getRequiredType();
            if (type.kind() != Type.Kind.CLASS || injection.getRequiredQualifier(ClientProcessor.REKUEST_CLIENT) != null) {
                continue;
            }
            ClassInfo clazz = index.getClassByName(type.name());
            if (clazz == null || !clazz.isInterface() || !hasNodeMethods(clazz)) {
                continue;
            }
            // the bean resolver is not ready before validation; a bean of the type with other qualifiers is left to ArC
            if (discovery.beanStream().withBeanType(type.name()).isEmpty()) {
                found.add(new DeploymentException("Nothing provides " + ClientProcessor.simple(type.name())
                        + " for the injection point " + injection.getTargetInfo() + ". Its methods are @Node contracts: to "
                        + "call the remote actions, inject it with @RekuestClient (@Inject @RekuestClient "
                        + ClientProcessor.simple(type.name()) + " ...); to serve them, implement the interface in a bean."));
            }
        }
        if (!found.isEmpty()) {
            DeploymentException report = new DeploymentException(found.size() == 1 ? found.get(0).getMessage()
                    : found.size() + " problems with @RekuestClient injection points");
            if (found.size() > 1) {
                found.forEach(report::addSuppressed);
            }
            throw report;
        }
        // nothing to keep: the item only orders this step before ArC's validation
        return new UnremovableBeanBuildItem(bean -> false);
    }

    private static boolean hasNodeMethods(ClassInfo clazz) {
        for (MethodInfo method : clazz.methods()) {
            if (method.hasDeclaredAnnotation(ClientContracts.NODE)) {
                return true;
            }
        }
        return false;
    }
}
