package org.dmarcpipeline.ingest.mailbox;

import java.util.Properties;

/** Checks made before any mailbox is contacted. */
public final class StartupChecks {

  private StartupChecks() {}

  /** @throws IllegalStateException when the JVM carries a setting that would weaken IMAP TLS */
  public static void run(Properties systemProperties) {
    ImapSecurity.refuseJvmWideTrustOverrides(systemProperties);
  }
}
