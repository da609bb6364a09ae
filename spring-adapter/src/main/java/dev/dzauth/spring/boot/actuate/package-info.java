/** Actuator support: a health indicator and Micrometer metrics for dz-auth. */
@NullMarked
package dev.dzauth.spring.boot.actuate;

import org.jspecify.annotations.NullMarked;
