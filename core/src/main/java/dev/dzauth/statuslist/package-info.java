/**
 * Token status for services that only verify: {@link dev.dzauth.statuslist.StatusListClient}
 * fetches, verifies and caches the IETF Token Status Lists (draft-ietf-oauth-status-list-20) an
 * issuer publishes, and answers a token's status from them without a database. It builds on {@code
 * dev.dzauth.status} (the list codec, {@link dev.dzauth.status.TokenStatus}) and {@code
 * dev.dzauth.token} (the Status List Token, the keys); neither of them uses it.
 */
@NullMarked
package dev.dzauth.statuslist;

import org.jspecify.annotations.NullMarked;
