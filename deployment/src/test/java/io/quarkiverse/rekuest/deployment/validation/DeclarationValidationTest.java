package io.quarkiverse.rekuest.deployment.validation;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import io.quarkus.test.QuarkusUnitTest;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every rule about how a node method is declared, in one app: all problems are reported at once. */
public class DeclarationValidationTest {

    @RegisterExtension
    static final QuarkusUnitTest test = new QuarkusUnitTest()
            .withApplicationRoot(root -> root
                    .addClasses(DeclarationNodes.class, DeclarationNodes.Modifiers.class, DeclarationNodes.Abstract.class,
                            DeclarationNodes.Contract.class, DeclarationNodes.Attributes.class,
                            DeclarationNodes.Keys.class, DeclarationNodes.NotABean.class)
                    .add(new org.jboss.shrinkwrap.api.asset.ByteArrayAsset(namelessClass()),
                            "io/quarkiverse/rekuest/deployment/validation/Nameless.class"))
            .assertException(DeclarationValidationTest::everyProblemIsReportedWithItsFix);

    /** Runs on the build failure: QuarkusUnitTest invokes no test method once the build failed as expected. */
    static void everyProblemIsReportedWithItsFix(Throwable failure) {
        assertEquals(String.join("\n", List.of(
                "@Node method DeclarationNodes.Abstract#inherited() is declared in the abstract type DeclarationNodes.Abstract, which cannot be a bean. Fix: declare it in a concrete class.",
                "@Node method DeclarationNodes.Abstract#todo() must not be abstract: there is nothing to call. Fix: put @Node on the implementing method of a concrete class.",
                "@Node method DeclarationNodes.Attributes#blank() has a blank key. Fix: remove key, or give a non-blank one.",
                "@Node method DeclarationNodes.Attributes#blank() has a blank version. Fix: remove version, or give a non-blank one such as \"1\".",
                "@Node method DeclarationNodes.Attributes#both() has conflicting execution model annotations @Blocking, @NonBlocking. Fix: keep one of them.",
                "@Node method DeclarationNodes.Attributes#laser() is pure but has effect PHYSICAL, which the rekuest server rejects. Fix: remove pure = true or effect = Effect.PHYSICAL.",
                "@Node method DeclarationNodes.Attributes#twoTasks(Task, Task) takes more than one Task parameter. Fix: keep one.",
                "@Node method DeclarationNodes.Attributes#virtualAndBlocking() has conflicting execution model annotations @RunOnVirtualThread, @Blocking. Fix: keep one of them.",
                "@Node methods DeclarationNodes.Keys#another() and DeclarationNodes.Keys#over(int) have the same key \"over\". Fix: give one of them another key with @Node(key = \"...\").",
                "@Node methods DeclarationNodes.Keys#another() and DeclarationNodes.Keys#over(String) have the same key \"over\". Fix: give one of them another key with @Node(key = \"...\").",
                "@Node method DeclarationNodes.Modifiers#secret() must not be private: nodes are called from outside the class. Fix: make it public or package-private.",
                "@Node method DeclarationNodes.Modifiers#shared() must not be static: nodes are called on a bean. Fix: remove static.",
                "@Node method DeclarationNodes.NotABean#vetoed() is declared in DeclarationNodes.NotABean, which is not a bean. Fix: declare it in a top-level or static nested class that is not @Vetoed and has a no-args or @Inject constructor.",
                "@Node method Nameless#twice(int) was compiled without parameter names, which are its port keys. Fix: compile with -parameters (in Maven: <maven.compiler.parameters>true</maven.compiler.parameters>).")),
                String.join("\n", BuildProblems.messages(failure)));
    }

    @Test
    void buildFails() {
        // the assertions are in everyProblemIsReportedWithItsFix
    }

    /**
     * {@code public class Nameless { @Node public int twice(int) }} compiled without parameter names (neither
     * {@code MethodParameters} nor a local variable table), which javac with {@code -parameters} cannot produce.
     */
    static byte[] namelessClass() {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, "io/quarkiverse/rekuest/deployment/validation/Nameless", null,
                "java/lang/Object", null);
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        MethodVisitor twice = cw.visitMethod(Opcodes.ACC_PUBLIC, "twice", "(I)I", null, null);
        twice.visitAnnotation("Lio/quarkiverse/rekuest/Node;", true).visitEnd();
        twice.visitCode();
        twice.visitVarInsn(Opcodes.ILOAD, 1);
        twice.visitInsn(Opcodes.ICONST_2);
        twice.visitInsn(Opcodes.IMUL);
        twice.visitInsn(Opcodes.IRETURN);
        twice.visitMaxs(0, 0);
        twice.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }
}
