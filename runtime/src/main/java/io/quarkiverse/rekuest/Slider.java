package io.quarkiverse.rekuest;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Shows an INT or FLOAT input port as a slider (an {@code AssignWidgetInput} of kind SLIDER). */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
public @interface Slider {

    double min();

    double max();

    /** The step; 0 means none. */
    double step() default 0;
}
