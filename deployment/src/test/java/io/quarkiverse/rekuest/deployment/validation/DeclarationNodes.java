package io.quarkiverse.rekuest.deployment.validation;

import jakarta.enterprise.inject.Vetoed;

import io.quarkiverse.rekuest.Effect;
import io.quarkiverse.rekuest.Node;
import io.quarkiverse.rekuest.Task;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;

/** Nodes that break the rules about how a node method is declared; each class holds one kind of mistake. */
public class DeclarationNodes {

    public static class Modifiers {
        @Node
        private int secret() {
            return 1;
        }

        @Node
        static int shared() {
            return 1;
        }
    }

    public abstract static class Abstract {
        @Node
        abstract int todo();

        @Node
        int inherited() {
            return 1;
        }
    }

    public interface Contract {
        @Node
        int contract();
    }

    public static class Attributes {
        @Node
        @Blocking
        @NonBlocking
        public int both() {
            return 1;
        }

        @Node
        @RunOnVirtualThread
        @Blocking
        public int virtualAndBlocking() {
            return 1;
        }

        @Node(pure = true, effect = Effect.PHYSICAL)
        public void laser() {
        }

        @Node(version = " ", key = " ")
        public int blank() {
            return 1;
        }

        @Node
        public int twoTasks(Task first, Task second) {
            return 1;
        }
    }

    public static class Keys {
        @Node
        public int over(int a) {
            return a;
        }

        @Node
        public int over(String a) {
            return 1;
        }

        @Node(key = "over")
        public int another() {
            return 1;
        }
    }

    @Vetoed
    public static class NotABean {
        @Node
        public int vetoed() {
            return 1;
        }
    }
}
