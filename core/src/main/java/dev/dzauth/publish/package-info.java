/**
 * The issuer side of the IETF Token Status List (draft-ietf-oauth-status-list-20): {@link
 * dev.dzauth.publish.StatusListPublisher} holds the lists of a {@link
 * dev.dzauth.status.StatusListIndex}, keeps them up to date from the store's status feed, and signs
 * them as Status List Tokens for an HTTP layer to serve; its allocator gives every new token its
 * entry and {@code status} claim. Built on {@code dev.dzauth.status}, {@code dev.dzauth.token} and
 * {@code dev.dzauth.store}; only the assembly uses it.
 */
@NullMarked
package dev.dzauth.publish;

import org.jspecify.annotations.NullMarked;
