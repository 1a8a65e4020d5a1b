package io.quarkiverse.rekuest.deployment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.jboss.jandex.DotName;
import org.jboss.jandex.MethodInfo;
import org.jboss.logging.Logger;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.doctree.ReturnTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;

/**
 * The Javadoc of the application's classes, read from their sources with the JDK's compiler tree API: the files are
 * parsed, never compiled, and only when a class is asked for. Works the same whichever JDK builds the application
 * and needs no annotation processor. A class whose source is not in one of the roots has no Javadoc.
 */
final class JavadocIndex {

    private static final Logger LOG = Logger.getLogger(JavadocIndex.class);

    /** No sources: every lookup answers nothing. */
    static final JavadocIndex EMPTY = new JavadocIndex(List.of());

    /** The Javadoc of one method. */
    record MethodDoc(String description, Map<String, String> params, String returns) {

        static final MethodDoc NONE = new MethodDoc(null, Map.of(), null);

        String param(String name) {
            return params.get(name);
        }
    }

    /**
     * The Javadoc of one class.
     *
     * @param description its main description
     * @param params its {@code @param} tags: the components of a record
     * @param methods its methods by {@link #methodKey(String, List)}
     * @param fields the main description of its fields and enum constants, by name
     */
    record ClassDoc(String description, Map<String, String> params, Map<String, MethodDoc> methods,
            Map<String, String> fields) {
        static final ClassDoc NONE = new ClassDoc(null, Map.of(), Map.of(), Map.of());
    }

    private final List<Path> roots;
    private final Map<String, ClassDoc> classes = new HashMap<>();
    private final Set<Path> parsed = new HashSet<>();
    private JavaCompiler compiler;
    private boolean compilerMissing;

    /** @param roots source directories, searched in order */
    JavadocIndex(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    List<Path> roots() {
        return roots;
    }

    /** The Javadoc of a method, matched by name and parameter names. */
    MethodDoc method(MethodInfo method) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < method.parametersCount(); i++) {
            names.add(method.parameterName(i));
        }
        MethodDoc doc = type(method.declaringClass().name()).methods().get(methodKey(method.name(), names));
        return doc == null ? MethodDoc.NONE : doc;
    }

    /** The {@code @param} of a record component in the record's Javadoc. */
    String recordComponent(DotName record, String component) {
        return type(record).params().get(component);
    }

    /** The Javadoc of an enum constant. */
    String enumConstant(DotName enumType, String constant) {
        return type(enumType).fields().get(constant);
    }

    /** The Javadoc of a class, parsing its source on first use. */
    synchronized ClassDoc type(DotName name) {
        String binaryName = name.toString();
        ClassDoc doc = classes.get(binaryName);
        if (doc != null || roots.isEmpty()) {
            return doc == null ? ClassDoc.NONE : doc;
        }
        String topLevel = binaryName.contains("$") ? binaryName.substring(0, binaryName.indexOf('$')) : binaryName;
        int dot = topLevel.lastIndexOf('.');
        String packagePath = dot < 0 ? "" : topLevel.substring(0, dot).replace('.', '/');
        String fileName = topLevel.substring(dot + 1) + ".java";
        for (Path root : roots) {
            Path file = root.resolve(packagePath).resolve(fileName);
            if (Files.isRegularFile(file)) {
                parse(List.of(file));
            }
        }
        if (!classes.containsKey(binaryName)) {
            // a top-level class may live in a file named after another class of its package
            for (Path root : roots) {
                parse(javaFiles(root.resolve(packagePath)));
            }
        }
        doc = classes.get(binaryName);
        if (doc == null) {
            classes.put(binaryName, ClassDoc.NONE);
            return ClassDoc.NONE;
        }
        return doc;
    }

    static String methodKey(String name, List<String> parameterNames) {
        return name + "(" + String.join(",", parameterNames) + ")";
    }

    private static List<Path> javaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".java") && Files.isRegularFile(file))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.debugf(e, "Cannot list %s", dir);
            return List.of();
        }
    }

    private void parse(List<Path> files) {
        List<Path> fresh = new ArrayList<>();
        for (Path file : files) {
            if (parsed.add(file.toAbsolutePath().normalize())) {
                fresh.add(file);
            }
        }
        if (fresh.isEmpty() || compiler() == null) {
            return;
        }
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(diagnostic -> {
        }, Locale.ROOT, StandardCharsets.UTF_8)) {
            Iterable<? extends JavaFileObject> units = fileManager.getJavaFileObjectsFromFiles(
                    fresh.stream().map(Path::toFile).toList());
            // parse only: no symbols, no annotation processing, no output; syntax errors are the compiler's business
            JavacTask task = (JavacTask) compiler.getTask(null, fileManager, diagnostic -> {
            }, List.of("-proc:none"), null, units);
            DocTrees docTrees = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                String pkg = unit.getPackageName() == null ? "" : unit.getPackageName().toString();
                for (Tree type : unit.getTypeDecls()) {
                    if (type instanceof ClassTree clazz) {
                        String name = (pkg.isEmpty() ? "" : pkg + ".") + clazz.getSimpleName();
                        collect(docTrees, new TreePath(new TreePath(unit), clazz), name);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debugf(e, "Cannot read the Javadoc of %s", fresh);
        }
    }

    private void collect(DocTrees docTrees, TreePath classPath, String binaryName) {
        ClassTree clazz = (ClassTree) classPath.getLeaf();
        DocCommentTree classComment = docTrees.getDocCommentTree(classPath);
        Map<String, MethodDoc> methods = new LinkedHashMap<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (Tree member : clazz.getMembers()) {
            TreePath memberPath = new TreePath(classPath, member);
            if (member instanceof ClassTree nested) {
                collect(docTrees, memberPath, binaryName + "$" + nested.getSimpleName());
            } else if (member instanceof MethodTree method) {
                DocCommentTree comment = docTrees.getDocCommentTree(memberPath);
                if (comment != null) {
                    List<String> names = new ArrayList<>();
                    for (VariableTree parameter : method.getParameters()) {
                        names.add(parameter.getName().toString());
                    }
                    methods.put(methodKey(method.getName().toString(), names), methodDoc(comment));
                }
            } else if (member instanceof VariableTree field) {
                DocCommentTree comment = docTrees.getDocCommentTree(memberPath);
                String text = comment == null ? null : JavadocText.render(comment.getFullBody());
                if (text != null) {
                    fields.put(field.getName().toString(), text);
                }
            }
        }
        String description = classComment == null ? null : JavadocText.render(classComment.getFullBody());
        Map<String, String> params = classComment == null ? Map.of() : params(classComment);
        classes.put(binaryName, new ClassDoc(description, params, methods, fields));
    }

    private static MethodDoc methodDoc(DocCommentTree comment) {
        String returns = null;
        for (DocTree tag : comment.getBlockTags()) {
            if (tag.getKind() == DocTree.Kind.RETURN) {
                returns = JavadocText.render(((ReturnTree) tag).getDescription());
            }
        }
        if (returns == null) {
            // the inline form {@return text} in the main description
            for (DocTree tree : comment.getFullBody()) {
                if (tree.getKind() == DocTree.Kind.RETURN) {
                    returns = JavadocText.render(((ReturnTree) tree).getDescription());
                }
            }
        }
        return new MethodDoc(JavadocText.render(comment.getFullBody()), params(comment), returns);
    }

    private static Map<String, String> params(DocCommentTree comment) {
        Map<String, String> params = new LinkedHashMap<>();
        for (DocTree tag : comment.getBlockTags()) {
            if (tag.getKind() == DocTree.Kind.PARAM) {
                ParamTree param = (ParamTree) tag;
                String text = JavadocText.render(param.getDescription());
                if (!param.isTypeParameter() && text != null) {
                    params.put(param.getName().getName().toString(), text);
                }
            }
        }
        return params;
    }

    private JavaCompiler compiler() {
        if (compiler == null && !compilerMissing) {
            compiler = ToolProvider.getSystemJavaCompiler();
            if (compiler == null) {
                compilerMissing = true;
                LOG.warn("The build runs on a Java runtime without the compiler (jdk.compiler), so rekuest cannot "
                        + "read descriptions from Javadoc. Build with a JDK, or set them with @Node(description) and "
                        + "@Port(description).");
            }
        }
        return compiler;
    }
}
