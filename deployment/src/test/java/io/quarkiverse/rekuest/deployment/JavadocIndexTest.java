package io.quarkiverse.rekuest.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.jandex.DotName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Reading Javadoc from sources with the compiler tree API, and rendering it as plain text. */
class JavadocIndexTest {

    @TempDir
    Path root;

    JavadocIndex index(String path, String source) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        return new JavadocIndex(List.of(root));
    }

    JavadocIndex.MethodDoc method(JavadocIndex index, String type, String method, String... parameters) {
        return index.type(DotName.createSimple(type)).methods().get(JavadocIndex.methodKey(method, List.of(parameters)));
    }

    @Test
    void inlineTagsHtmlAndEntitiesBecomePlainText() throws IOException {
        JavadocIndex index = index("a/b/Ops.java", """
                package a.b;
                class Ops {
                    /**
                     * Adds {@code x} to {@literal y}: see {@link Ops#sub(int, int) the other one},
                     * {@link #sub}, {@linkplain java.util.List lists} and {@value #MAX}.
                     *
                     * <p>Second <b>paragraph</b> &lt;3 &#64;home&#x21;
                     * <ul><li>one</li><li>two</li></ul>
                     * {@inheritDoc} {@summary tail}
                     * @param x the first
                     *     on two lines
                     * @param y
                     * @param <T> a type parameter, no port
                     * @return the sum
                     * @throws IllegalStateException never
                     * @see Ops
                     */
                    <T> int add(int x, int y) { return x + y; }
                    static final int MAX = 3;
                }
                """);
        JavadocIndex.MethodDoc add = method(index, "a.b.Ops", "add", "x", "y");
        assertEquals("Adds x to y: see the other one, sub, lists and MAX.\n\nSecond paragraph <3 @home!\n\none two tail",
                add.description());
        assertEquals(Map.of("x", "the first on two lines"), add.params(), "an empty @param describes nothing");
        assertEquals("the sum", add.returns());
    }

    @Test
    void nestedClassesRecordsAndEnums() throws IOException {
        JavadocIndex index = index("a/Outer.java", """
                package a;
                /** The outer class. */
                public class Outer {
                    /**
                     * A pair.
                     * @param left the left one
                     * @param right the right one
                     */
                    public record Pair(int left, int right) {
                        /** A nested enum. */
                        enum Side {
                            /** Left. */ LEFT,
                            RIGHT,
                            /** Up, {@code maybe}. */
                            UP("u");
                            Side() { }
                            Side(String s) { }
                        }
                    }
                    /** {@return nothing much} */
                    String name() { return ""; }
                }
                """);
        assertEquals("The outer class.", index.type(DotName.createSimple("a.Outer")).description());
        assertEquals("A pair.", index.type(DotName.createSimple("a.Outer$Pair")).description());
        assertEquals("the right one", index.recordComponent(DotName.createSimple("a.Outer$Pair"), "right"));
        DotName side = DotName.createSimple("a.Outer$Pair$Side");
        assertEquals("Left.", index.enumConstant(side, "LEFT"));
        assertNull(index.enumConstant(side, "RIGHT"));
        assertEquals("Up, maybe.", index.enumConstant(side, "UP"));
        JavadocIndex.MethodDoc name = method(index, "a.Outer", "name");
        assertEquals("Returns nothing much.", name.description());
        assertEquals("nothing much", name.returns());
    }

    @Test
    void aClassInAFileNamedAfterAnotherIsFoundInItsPackage() throws IOException {
        JavadocIndex index = index("p/Main.java", """
                package p;
                public class Main { }
                /** Hidden. */
                enum Hidden { /** One. */ ONE }
                """);
        assertEquals("One.", index.enumConstant(DotName.createSimple("p.Hidden"), "ONE"));
        assertSame(JavadocIndex.ClassDoc.NONE, index.type(DotName.createSimple("p.Missing")));
        assertSame(JavadocIndex.ClassDoc.NONE, index.type(DotName.createSimple("q.Missing")));
    }

    @Test
    void aFileWithSyntaxErrorsStillYieldsWhatParses() throws IOException {
        JavadocIndex index = index("p/Broken.java", """
                package p;
                class Broken {
                    /** Fine. */
                    void fine() { }
                    void broken( { }
                }
                """);
        assertEquals("Fine.", method(index, "p.Broken", "fine").description());
    }

    @Test
    void markdownCommentsOnJdk23AndLater() throws IOException {
        assumeTrue(Runtime.version().feature() >= 23, "/// comments are Javadoc from JDK 23 on");
        JavadocIndex index = index("m/Md.java", """
                package m;
                class Md {
                    /// Doubles `x`, see {@link Md}.
                    ///
                    /// Second paragraph.
                    ///
                    /// @param x the value
                    /// @return twice `x`
                    int twice(int x) { return 2 * x; }
                }
                """);
        JavadocIndex.MethodDoc twice = method(index, "m.Md", "twice", "x");
        assertEquals("Doubles `x`, see Md.\n\nSecond paragraph.", twice.description());
        assertEquals("the value", twice.param("x"));
        assertEquals("twice `x`", twice.returns());
    }

    @Test
    void productionBuildsFindTheSourcesNextToTheirOutput() throws IOException {
        Path maven = Files.createDirectories(root.resolve("app/src/main/java"));
        Files.writeString(root.resolve("app/pom.xml"), "<project/>");
        Path gradle = Files.createDirectories(root.resolve("lib/src/main/java"));
        Files.writeString(root.resolve("lib/build.gradle.kts"), "");
        Set<Path> roots = new TreeSet<>();
        JavadocProcessor.addProjectSources(root.resolve("app/target/classes"), roots);
        JavadocProcessor.addProjectSources(root.resolve("lib/build/classes/java/main"), roots);
        JavadocProcessor.addProjectSources(root.resolve("lib/build/libs/lib.jar"), roots);
        JavadocProcessor.addProjectSources(root.resolve("repository/org/x/1.0/x-1.0.jar"), roots);
        assertEquals(new TreeSet<>(Set.of(maven.toAbsolutePath().normalize(), gradle.toAbsolutePath().normalize())),
                roots);
    }
}
