package io.quarkiverse.rekuest.deployment;

import java.util.ArrayList;
import java.util.List;

import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.Type;

import io.quarkiverse.rekuest.runtime.ReturnKind;
import io.quarkiverse.rekuest.runtime.codec.JavaType;
import io.quarkiverse.rekuest.runtime.definition.ActionDefinition;

/**
 * The definitions of {@code @RekuestClient} interface methods, derived with the very code that derives {@code @Node}
 * definitions ({@link NodeMethodAnalyzer}, {@link PortTypes}, {@link AgentJavaTypes}), for the client build steps
 * (which live in another package). Build steps get one from {@link ContractAnalyzerBuildItem#create()}.
 */
public final class ClientContracts {

    /** What one interface method gives, or its problems. */
    public record Contract(MethodInfo method, ActionDefinition definition, ReturnKind returnKind, int parameterCount,
            int taskParameter, List<JavaType> argTypes, JavaType returnType, List<String> problems) {

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** {@code io.quarkiverse.rekuest.Node}. */
    public static final DotName NODE = DotNames.NODE;

    private final NodeMethodAnalyzer analyzer;
    private final AgentJavaTypes types;

    ClientContracts(IndexView index, JavadocIndex javadoc) {
        this.analyzer = new NodeMethodAnalyzer(new PortTypes(index, javadoc), javadoc);
        this.types = new AgentJavaTypes(index);
    }

    /**
     * Derives the definition of an abstract interface method, exactly as a {@code @Node} method's.
     *
     * @param prefix how messages name the method, e.g. {@code "@RekuestClient method "}
     */
    public Contract analyze(MethodInfo method, String prefix) {
        NodeMethodAnalyzer.Analysis analysis = analyzer.analyzeContract(method, prefix);
        if (!analysis.valid()) {
            return new Contract(method, null, null, method.parametersCount(), -1, List.of(), null, analysis.problems());
        }
        int taskParameter = analysis.metadata().taskParameter();
        List<JavaType> args = new ArrayList<>();
        for (int i = 0; i < method.parametersCount(); i++) {
            if (i != taskParameter) {
                args.add(types.of(method.parameterType(i)));
            }
        }
        Type returnType = method.returnType();
        return new Contract(method, analysis.metadata().definition(), analysis.metadata().returnKind(),
                method.parametersCount(), taskParameter, args, types.result(returnType), List.of());
    }
}
