/**
 * The {@code dz-auth} command-line tool: {@code keygen}, {@code mint}, {@code list}, {@code revoke}
 * and {@code inspect}. Not an API: the commands and their exit codes are the contract.
 */
@NullMarked
package dev.dzauth.cli;

import org.jspecify.annotations.NullMarked;
