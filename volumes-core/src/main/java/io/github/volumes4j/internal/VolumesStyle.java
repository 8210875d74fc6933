package io.github.volumes4j.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;
import org.immutables.value.Value.Style.ImplementationVisibility;

/**
 * The Immutables style of every value type of volumes4j (one for all packages): hidden implementations,
 * JDK collections only. Source retention: it never reaches a user's class path.
 */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.SOURCE)
@Value.Style(
    visibility = ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    jdkOnly = true,
    depluralize = true,
    get = {"is*", "get*"},
    allowedClasspathAnnotations = Override.class)
public @interface VolumesStyle {}
