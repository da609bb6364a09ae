/**
 * Token status: the {@link dev.dzauth.status.TokenStatusStore} SPI that answers a token's status by
 * {@code jti}, and the {@link dev.dzauth.status.StatusCache} in front of it that every verification
 * consults.
 */
@NullMarked
package dev.dzauth.status;

import org.jspecify.annotations.NullMarked;
