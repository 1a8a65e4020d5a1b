package io.quarkiverse.rekuest.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Stands for any {@code @Nullable} annotation: the extension recognises them by simple name. */
@Retention(RetentionPolicy.CLASS)
@Target({ ElementType.PARAMETER, ElementType.TYPE_USE })
public @interface Nullable {
}
