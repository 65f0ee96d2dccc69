package org.dmarcpipeline.testing.generate;

/**
 * A synthetic aggregate report and what a correct pipeline must make of it.
 *
 * @param fileName RFC form {@code receiver!domain!begin!end!id.xml[.gz|.zip]}
 * @param xml the report XML
 * @param rows number of {@code record} elements
 * @param messages sum of the rows' counts
 * @param passingMessages messages whose DKIM or SPF was aligned and passed
 */
public record GeneratedReport(
    String fileName,
    String reporterOrg,
    String policyDomain,
    String reportId,
    byte[] xml,
    int rows,
    long messages,
    long passingMessages) {}
