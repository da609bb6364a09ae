package dev.dzauth.cli;

import picocli.CommandLine.Option;

/**
 * Whose tokens: a subject in a business, as the tokens' {@code sub} and business claims name them.
 */
final class OwnerOptions {

  @Option(
      names = "--subject",
      required = true,
      paramLabel = "SUBJECT",
      description = "The user the tokens act for (the token's sub).")
  String subject = "";

  @Option(
      names = "--business",
      required = true,
      paramLabel = "BUSINESS_ID",
      description = "The business (tenant) the tokens are bound to.")
  String business = "";
}
