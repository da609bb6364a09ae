/**
 * The token lifecycle: {@link dev.dzauth.lifecycle.TokenService} creates, lists, reads, revokes,
 * suspends, activates and deletes tokens on behalf of a {@link dev.dzauth.lifecycle.Caller}, and
 * records when they were last used. Every adapter (servlet, Spring) goes through it.
 */
@NullMarked
package dev.dzauth.lifecycle;

import org.jspecify.annotations.NullMarked;
