package io.quarkiverse.rekuest.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import io.quarkus.bootstrap.model.ApplicationModel;
import io.quarkus.bootstrap.workspace.ArtifactSources;
import io.quarkus.bootstrap.workspace.SourceDir;
import io.quarkus.bootstrap.workspace.WorkspaceModule;
import io.quarkus.deployment.annotations.BuildStep;
import io.quarkus.deployment.pkg.builditem.CurateOutcomeBuildItem;
import io.quarkus.maven.dependency.ResolvedDependency;

/**
 * Finds the application's source directories, so that node descriptions can come from Javadoc. The sources are read
 * at build time (no annotation processor), so this works on every JDK without a step from the user, whenever the
 * build sees the project: {@code quarkus:dev}, tests, and {@code mvn package} / {@code gradle build}.
 */
class JavadocProcessor {

    private static final Logger LOG = Logger.getLogger(JavadocProcessor.class);
    private static final List<String> BUILD_FILES = List.of("pom.xml", "build.gradle", "build.gradle.kts");

    @BuildStep
    JavadocBuildItem javadoc(CurateOutcomeBuildItem curateOutcome) {
        List<Path> roots = sourceRoots(curateOutcome.getApplicationModel());
        LOG.debugf("Reading node descriptions from the Javadoc in %s", roots);
        return new JavadocBuildItem(new JavadocIndex(roots));
    }

    /**
     * The Java source directories of the application and of the modules of its project it depends on, in this
     * order: those the application model knows (dev and test mode: the application module's main and test sources,
     * then the other workspace modules), then, for a production build, where the model has no workspace, the
     * {@code src/main/java} of the project each class directory or jar was built in (Maven {@code target/classes},
     * {@code target/*.jar}; Gradle {@code build/classes/java/main}, {@code build/libs/*.jar}). Directories that do not
     * exist are left out.
     */
    static List<Path> sourceRoots(ApplicationModel model) {
        Set<Path> roots = new LinkedHashSet<>();
        WorkspaceModule application = model.getApplicationModule();
        if (application != null) {
            add(application.getMainSources(), roots);
            add(application.getTestSources(), roots);
        }
        List<WorkspaceModule> modules = new ArrayList<>(model.getWorkspaceModules());
        // a stable order, so that a class found in two modules always comes from the same one
        modules.sort(Comparator.comparing(module -> String.valueOf(module.getModuleDir())));
        for (WorkspaceModule module : modules) {
            add(module.getMainSources(), roots);
        }
        for (Path path : model.getAppArtifact().getResolvedPaths()) {
            addProjectSources(path, roots);
        }
        for (ResolvedDependency dependency : model.getRuntimeDependencies()) {
            for (Path path : dependency.getResolvedPaths()) {
                addProjectSources(path, roots);
            }
        }
        return new ArrayList<>(roots);
    }

    /**
     * Adds {@code src/main/java} of the project a build output belongs to: the nearest of the four directories above
     * {@code output} that has a Maven or Gradle build file. A jar from a repository has none.
     */
    static void addProjectSources(Path output, Set<Path> roots) {
        Path dir = output.toAbsolutePath().normalize().getParent();
        for (int level = 0; dir != null && level < 4; level++, dir = dir.getParent()) {
            if (hasBuildFile(dir)) {
                Path sources = dir.resolve("src/main/java");
                if (Files.isDirectory(sources)) {
                    roots.add(sources);
                }
                return;
            }
        }
    }

    private static boolean hasBuildFile(Path dir) {
        for (String file : BUILD_FILES) {
            if (Files.isRegularFile(dir.resolve(file))) {
                return true;
            }
        }
        return false;
    }

    private static void add(ArtifactSources sources, Set<Path> roots) {
        if (sources == null) {
            return;
        }
        for (SourceDir dir : sources.getSourceDirs()) {
            Path path = dir.getDir();
            if (path != null && Files.isDirectory(path)) {
                roots.add(path.toAbsolutePath().normalize());
            }
        }
    }
}
