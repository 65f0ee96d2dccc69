package org.dmarcpipeline.schema.xml;

import java.util.ArrayList;
import java.util.List;
import org.dmarcpipeline.schema.model.ParseWarning;
import org.dmarcpipeline.schema.model.WarningCode;

/** Collects the repairs made while reading one report. */
final class Warnings {

  /** A report that needs more repairs than this is noise; later warnings are only counted. */
  private static final int MAX_KEPT = 1000;

  private final List<ParseWarning> kept = new ArrayList<>();
  private int dropped;

  void add(WarningCode code, String where, String message) {
    if (kept.size() < MAX_KEPT) {
      kept.add(new ParseWarning(code, where, message));
    } else {
      dropped++;
    }
  }

  List<ParseWarning> list() {
    if (dropped == 0) {
      return kept;
    }
    List<ParseWarning> all = new ArrayList<>(kept);
    all.add(
        new ParseWarning(
            WarningCode.WARNINGS_TRUNCATED, "", dropped + " further warnings were not kept"));
    return all;
  }
}
