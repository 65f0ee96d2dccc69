package org.dmarcpipeline.schema.xml;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmarcpipeline.schema.unpack.InvalidEncodingException;
import org.dmarcpipeline.schema.unpack.UnpackLimitException;

/**
 * Bounds the longest piece of XML the parser has to hold at once, counted on the bytes before the
 * parser sees them.
 *
 * <p>The JDK's StAX reader keeps a whole text node (coalesced with any CDATA and comments in it), a
 * whole comment and a whole tag with its attributes in memory, and has no limit of its own on
 * their length: a report that is mostly whitespace, inflated from a small gzip, used to end in an
 * {@link OutOfMemoryError} long before the inflated-size limit was reached. This stream follows
 * just enough of XML's lexical structure to know where element tags begin and end (quoted
 * attribute values, comments, CDATA sections and processing instructions, which may hold
 * {@code <} and {@code >}), and refuses the input as soon as the characters between two element
 * tags, or within one tag, outgrow the limit. It never decodes characters: it reads code units of
 * the width the document's first bytes announce (1 for UTF-8 and other ASCII-compatible encodings,
 * 2 for UTF-16, 4 for UTF-32), in which the markup characters are unambiguous.
 *
 * <p>A UTF-8 document (declared so, or not declared at all) is also checked to be valid UTF-8
 * here: the JDK's parser, meeting an invalid byte, prints "[Fatal Error]" on stderr before it
 * throws, and no setting of its StAX factory stops that.
 */
final class MarkupLimitStream extends FilterInputStream {

  private enum State { TEXT, OPEN, BANG, BANG_DASH, TAG, QUOTED, COMMENT, CDATA, INSTRUCTION }

  private final long maxChars;
  private final int width;
  private final boolean bigEndian;
  private State state = State.TEXT;
  private long textRun;
  private long tagRun;
  private int quote;
  private int last;
  private int beforeLast;
  private int unit;
  private int unitBytes;

  private final boolean utf8;
  private long consumed;
  private int continuations;
  private int nextLow = 0x80;
  private int nextHigh = 0xbf;

  private MarkupLimitStream(InputStream in, long maxChars, int width, boolean bigEndian, boolean utf8) {
    super(in);
    this.maxChars = maxChars;
    this.width = width;
    this.bigEndian = bigEndian;
    this.utf8 = utf8;
  }

  /** Wraps {@code xml}, reading its first bytes to learn the width of its code units. */
  static InputStream over(InputStream xml, long maxChars) throws IOException {
    BufferedInputStream in = new BufferedInputStream(xml, 8192);
    in.mark(DECLARATION_BYTES);
    byte[] head = in.readNBytes(DECLARATION_BYTES);
    in.reset();
    int b0 = head.length > 0 ? head[0] & 0xff : -1;
    int b1 = head.length > 1 ? head[1] & 0xff : -1;
    int b2 = head.length > 2 ? head[2] & 0xff : -1;
    int b3 = head.length > 3 ? head[3] & 0xff : -1;
    if (b0 == 0 && b1 == 0 && (b2 == 0xfe || b2 == 0) ) {
      return new MarkupLimitStream(in, maxChars, 4, true, false); // UTF-32BE, with or without BOM
    }
    if ((b0 == 0xff && b1 == 0xfe || b0 == 0x3c && b1 == 0) && b2 == 0 && b3 == 0) {
      return new MarkupLimitStream(in, maxChars, 4, false, false); // UTF-32LE
    }
    if (b0 == 0xfe && b1 == 0xff || b0 == 0 && b1 == 0x3c) {
      return new MarkupLimitStream(in, maxChars, 2, true, false); // UTF-16BE
    }
    if (b0 == 0xff && b1 == 0xfe || b0 == 0x3c && b1 == 0) {
      return new MarkupLimitStream(in, maxChars, 2, false, false); // UTF-16LE
    }
    return new MarkupLimitStream(in, maxChars, 1, true, declaresUtf8(head));
  }

  private static final int DECLARATION_BYTES = 256;
  private static final Pattern ENCODING =
      Pattern.compile("^(?:\\xEF\\xBB\\xBF)?<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([A-Za-z0-9._-]+)[\"']");

  /** An ASCII-compatible document is UTF-8 unless its declaration names another encoding. */
  private static boolean declaresUtf8(byte[] head) {
    Matcher declared = ENCODING.matcher(new String(head, StandardCharsets.ISO_8859_1));
    if (!declared.find()) {
      return true;
    }
    String name = declared.group(1).toUpperCase(Locale.ROOT);
    return name.equals("UTF-8") || name.equals("UTF8");
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      scan(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      scan(buffer, offset, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // skipping would hide bytes from the count; the parser never skips
    byte[] sink = new byte[(int) Math.min(n, 8192)];
    int read = read(sink, 0, sink.length);
    return Math.max(read, 0);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void scan(byte[] bytes, int offset, int length) throws IOException {
    long base = consumed - offset;
    consumed += length;
    int end = offset + length;
    int i = offset;
    while (i < end) {
      if (width == 1 && state == State.TEXT) {
        // nearly every byte of a report is text between tags or inside one: skip to the next
        // byte that can change the state without a step per byte
        int start = i;
        while (i < end && bytes[i] != '<') {
          if (utf8 && (bytes[i] < 0 || continuations > 0)) {
            checkUtf8(bytes[i] & 0xff, base + i);
          }
          i++;
        }
        textRun += i - start;
        if (textRun > maxChars) {
          throw tooLong();
        }
        if (i == end) {
          return;
        }
      } else if (width == 1 && state == State.TAG && continuations == 0) {
        int start = i;
        byte b;
        while (i < end && (b = bytes[i]) != '>' && b != '"' && b != '\'' && b >= 0) {
          i++;
        }
        tagRun += i - start; // the last units matter only inside comments, CDATA and instructions
        if (tagRun > maxChars) {
          throw tagTooLong();
        }
        if (i == end) {
          return;
        }
      }
      int c;
      if (width == 1) {
        c = bytes[i] & 0xff;
        if (utf8 && (c >= 0x80 || continuations > 0)) {
          checkUtf8(c, base + i);
        }
        i++;
      } else {
        int b = bytes[i++] & 0xff;
        unit = bigEndian ? unit << 8 | b : unit | b << (8 * unitBytes);
        if (++unitBytes < width) {
          continue;
        }
        c = unit;
        unit = 0;
        unitBytes = 0;
      }
      step(c);
    }
  }

  /** One byte of UTF-8, in the ranges of RFC 3629's table (no overlong forms, no surrogates). */
  private void checkUtf8(int b, long at) throws InvalidEncodingException {
    if (continuations > 0) {
      if (b < nextLow || b > nextHigh) {
        throw notUtf8(b, at);
      }
      continuations--;
      nextLow = 0x80;
      nextHigh = 0xbf;
      return;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      continuations = 1;
    } else if (b >= 0xe0 && b <= 0xef) {
      continuations = 2;
      nextLow = b == 0xe0 ? 0xa0 : 0x80;
      nextHigh = b == 0xed ? 0x9f : 0xbf;
    } else if (b >= 0xf0 && b <= 0xf4) {
      continuations = 3;
      nextLow = b == 0xf0 ? 0x90 : 0x80;
      nextHigh = b == 0xf4 ? 0x8f : 0xbf;
    } else if (b >= 0x80) {
      throw notUtf8(b, at);
    }
  }

  private static InvalidEncodingException notUtf8(int b, long at) {
    return new InvalidEncodingException(
        "XML encoding: byte 0x" + Integer.toHexString(b) + " at offset " + at + " is not valid UTF-8, the document's encoding");
  }

  private void step(int c) throws UnpackLimitException {
    switch (state) {
      case TEXT -> {
        if (c == '<') {
          state = State.OPEN;
        } else {
          countText();
        }
      }
      case OPEN -> {
        if (c == '!') {
          state = State.BANG;
        } else if (c == '?') {
          state = State.INSTRUCTION;
        } else {
          enterTag(c);
        }
      }
      case BANG -> {
        if (c == '-') {
          state = State.BANG_DASH;
        } else if (c == '[') {
          state = State.CDATA;
        } else {
          enterTag(c); // <!DOCTYPE ...>: refused by the reader, but bounded here too
        }
      }
      case BANG_DASH -> {
        if (c == '-') {
          state = State.COMMENT;
        } else {
          enterTag(c);
        }
      }
      case TAG -> {
        if (c == '>') {
          state = State.TEXT;
          textRun = 0; // an element tag ends the text before it: the parser has handed it on
        } else {
          if (c == '"' || c == '\'') {
            quote = c;
            state = State.QUOTED;
          }
          countTag();
        }
      }
      case QUOTED -> {
        if (c == quote) {
          state = State.TAG;
        }
        countTag();
      }
      case COMMENT -> endsWith(c, '-', '-');
      case CDATA -> endsWith(c, ']', ']');
      case INSTRUCTION -> endsWith(c, -1, '?');
    }
    beforeLast = last;
    last = c;
  }

  /**
   * Comments, CDATA and processing instructions count as text: with coalescing on, the parser
   * joins the text around them into one piece.
   */
  private void endsWith(int c, int first, int second) throws UnpackLimitException {
    if (c == '>' && last == second && (first < 0 || beforeLast == first)) {
      state = State.TEXT;
    } else {
      countText();
    }
  }

  private void enterTag(int c) throws UnpackLimitException {
    state = State.TAG;
    tagRun = 0;
    step(c);
  }

  private void countText() throws UnpackLimitException {
    if (++textRun > maxChars) {
      throw tooLong();
    }
  }

  private void countTag() throws UnpackLimitException {
    if (++tagRun > maxChars) {
      throw tagTooLong();
    }
  }

  private UnpackLimitException tagTooLong() {
    return new UnpackLimitException(
        "refused: a tag with its attributes is longer than " + maxChars + " characters (limit dmarc.parse.max-part-chars)");
  }

  private UnpackLimitException tooLong() {
    return new UnpackLimitException(
        "refused: more than " + maxChars + " characters of text, comments or CDATA between two tags (limit dmarc.parse.max-part-chars)");
  }
}
