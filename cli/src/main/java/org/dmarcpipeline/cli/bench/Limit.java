package org.dmarcpipeline.cli.bench;

/**
 * One raw bulk pass: Elasticsearch's bulk rate, the CPU it spent per document, the documents per
 * shard request and its other work (write tasks / refreshes (time) / searches, as printed).
 */
record Limit(double rowsPerSecond, double cpuMicrosPerRow, double documentsPerRequest, String elasticsearchWork) {

  static Limit better(Limit a, Limit b) {
    return a.rowsPerSecond() >= b.rowsPerSecond() ? a : b;
  }
}
