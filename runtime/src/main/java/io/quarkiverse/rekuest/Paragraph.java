package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Shows a STRING input port as a multi-line text (an {@code AssignWidgetInput} of kind STRING, {@code asParagraph}). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface Paragraph {

    /** A placeholder; empty means none. */
    String placeholder() default "";
}
