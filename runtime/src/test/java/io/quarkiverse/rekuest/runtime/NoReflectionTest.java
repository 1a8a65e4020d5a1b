package io.quarkiverse.rekuest.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime reaches user code only through what the build generated (ArC invokers, type and structure adapters,
 * client proxies), never by reflection: a native executable then needs no reflection registration for the
 * application's classes, and none is produced. This reads the runtime module's bytecode and fails on any call of
 * the reflective entry points.
 * <p>
 * The runtime needs none of them on its own classes either, so nothing is allowed. Should one become necessary, allow
 * exactly that call (caller and target) in the rule, with the reason, and register its target in the build.
 */
class NoReflectionTest {

    /** {@code owner.name} of the reflective calls the runtime must not make. */
    private static final Set<String> REFLECTIVE = Set.of(
            "java.lang.Class.forName",
            "java.lang.Class.newInstance",
            "java.lang.Class.getMethod",
            "java.lang.Class.getMethods",
            "java.lang.Class.getDeclaredMethod",
            "java.lang.Class.getDeclaredMethods",
            "java.lang.Class.getConstructor",
            "java.lang.Class.getDeclaredConstructor",
            "java.lang.Class.getDeclaredConstructors",
            "java.lang.Class.getField",
            "java.lang.Class.getDeclaredField",
            "java.lang.Class.getDeclaredFields",
            "java.lang.Class.getRecordComponents",
            "java.lang.reflect.Method.invoke",
            "java.lang.reflect.Constructor.newInstance",
            "java.lang.reflect.Field.get",
            "java.lang.reflect.Field.set",
            "java.lang.reflect.Proxy.newProxyInstance",
            "java.lang.reflect.Array.newInstance",
            "java.lang.reflect.AccessibleObject.setAccessible",
            "java.lang.reflect.AccessibleObject.trySetAccessible",
            "java.lang.reflect.Method.setAccessible",
            "java.lang.reflect.Field.setAccessible",
            "java.lang.reflect.Constructor.setAccessible",
            "java.lang.reflect.RecordComponent.getAccessor",
            "java.lang.ClassLoader.loadClass",
            "java.lang.invoke.MethodHandles$Lookup.findVirtual",
            "java.lang.invoke.MethodHandles$Lookup.findStatic",
            "java.lang.invoke.MethodHandles$Lookup.findConstructor",
            "java.lang.invoke.MethodHandles$Lookup.unreflect");

    private static final DescribedPredicate<JavaCall<?>> REFLECTION = DescribedPredicate.describe(
            "a reflective entry point",
            call -> REFLECTIVE.contains(call.getTarget().getOwner().getName() + "." + call.getTarget().getName()));

    private static final ArchRule NO_REFLECTION = noClasses()
            .should().callCodeUnitWhere(REFLECTION)
            .because("the runtime reaches user code through generated classes only (native executables, "
                    + "docs/modules/ROOT/pages/native.adoc)");

    @Test
    void theRuntimeCallsNoReflectiveEntryPoint() {
        JavaClasses runtime = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.quarkiverse.rekuest");
        // not vacuous: the public API and the internals were both read
        assertTrue(runtime.contain("io.quarkiverse.rekuest.Node"), "the public API was not imported");
        assertTrue(runtime.contain("io.quarkiverse.rekuest.runtime.agent.TaskDispatcher"),
                "the internals were not imported");
        assertTrue(runtime.size() > 100, "only " + runtime.size() + " classes imported");
        NO_REFLECTION.check(runtime);
    }

    /** The rule sees each kind of call (else it would pass on anything). */
    @Test
    void theRuleCatchesEachKindOfReflection() {
        for (Class<?> offender : Set.of(LooksUpAClass.class, InvokesAMethod.class, BuildsAProxy.class,
                OpensAField.class)) {
            JavaClasses classes = new ClassFileImporter().importClasses(offender);
            assertThrows(AssertionError.class, () -> NO_REFLECTION.check(classes), offender.getSimpleName());
        }
    }

    static class LooksUpAClass {
        Object lookup(String name) throws ClassNotFoundException {
            return Class.forName(name);
        }
    }

    static class InvokesAMethod {
        Object call(Object target) throws ReflectiveOperationException, InvocationTargetException {
            return target.getClass().getMethod("toString").invoke(target);
        }
    }

    static class BuildsAProxy {
        Object proxy() {
            return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Runnable.class },
                    (self, method, args) -> null);
        }
    }

    static class OpensAField {
        void open(java.lang.reflect.Field field) {
            field.setAccessible(true);
        }
    }
}
