/**
 * The one assembly: {@link dev.dzauth.assembly.DzAuth} builds keys, minter, store, status cache,
 * verifier, token service and status feed poller in that order and closes them with one call. The
 * servlet init-params, the Spring Boot starter and the demo only translate their settings into it.
 * The top of core: it uses every other package, and none uses it.
 */
@NullMarked
package dev.dzauth.assembly;

import org.jspecify.annotations.NullMarked;
