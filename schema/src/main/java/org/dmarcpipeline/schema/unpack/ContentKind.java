package org.dmarcpipeline.schema.unpack;

/** What an attachment is, told by its first bytes, never by its name or MIME type. */
public enum ContentKind {
  ZIP,
  GZIP,
  XML,
  UNKNOWN;

  /** Looks at up to the first 4 bytes (after a UTF-8 byte order mark and blanks for XML). */
  public static ContentKind sniff(byte[] head, int length) {
    if (length >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
      return ZIP;
    }
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    int i = 0;
    if (length >= 3 && (head[0] & 0xff) == 0xef && (head[1] & 0xff) == 0xbb && (head[2] & 0xff) == 0xbf) {
      i = 3;
    }
    // UTF-16 with a byte order mark: the XML parser reads it from the declaration
    if (length >= 2
        && (((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff)
            || ((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe))) {
      return XML;
    }
    while (i < length && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n')) {
      i++;
    }
    return i < length && head[i] == '<' ? XML : UNKNOWN;
  }
}
