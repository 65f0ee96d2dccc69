package org.dmarcpipeline.schema.xml;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
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
 * {@link OutOfMemoryError} long before the inflated-size limit was reached. This stream counts the
 * characters since the last element tag began (the tag, its attributes, the text after it and any
 * comments, CDATA or processing instructions in that text, which the parser coalesces into one
 * piece) and refuses the input as soon as they outgrow the limit. An element tag is a {@code <}
 * not followed by {@code !} or {@code ?}: text and attribute values cannot hold a {@code <} (the
 * parser refuses one), so only comments, CDATA, processing instructions and declarations are
 * followed to their ends. It never decodes characters: it reads code units of the width the
 * document's first bytes announce (1 for UTF-8 and other ASCII-compatible encodings, 2 for UTF-16,
 * 4 for UTF-32), in which the markup characters are unambiguous.
 *
 * <p>A UTF-8 document (declared so, or not declared at all) is also checked to be valid UTF-8
 * here: the JDK's parser, meeting an invalid byte, prints "[Fatal Error]" on stderr before it
 * throws, and no setting of its StAX factory stops that.
 */
final class MarkupLimitStream extends FilterInputStream {

  /** Where the last units stand: in an element tag or text ({@code FREE}), or in markup to follow to its end. */
  private enum State { FREE, OPEN, BANG, BANG_DASH, COMMENT, CDATA, INSTRUCTION, DECLARATION }

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final long maxChars;
  private final int width;
  private final boolean bigEndian;
  private final boolean utf8;
  private State state = State.FREE;
  /** Units since the last element tag began. */
  private long run;
  private int last;
  private int beforeLast;
  private int unit;
  private int unitBytes;
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
      if (width == 1 && state == State.FREE && continuations == 0) {
        // nearly every byte of a report: skip to the next '<' or non-ASCII byte in one loop
        int start = i;
        // eight bytes at a time while none is '<' or non-ASCII (the "has a zero byte" test on x ^ '<')
        while (i + 8 <= end) {
          long x = (long) LONGS.get(bytes, i);
          long lt = x ^ 0x3C3C3C3C3C3C3C3CL;
          if (((((lt - 0x0101010101010101L) & ~lt) | x) & 0x8080808080808080L) != 0) {
            break;
          }
          i += 8;
        }
        while (i < end && bytes[i] != '<' && bytes[i] >= 0) {
          i++;
        }
        run += i - start;
        if (run > maxChars) {
          throw tooLong();
        }
        if (i == end) {
          return;
        }
        byte next = i + 1 < end ? bytes[i + 1] : (byte) '!';
        if (bytes[i] == '<' && next != '!' && next != '?' && next >= 0) {
          run = 1; // an element tag begins, as step() would find in two steps
          i += 2;
          continue;
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
      case FREE -> {
        if (c == '<') {
          state = State.OPEN;
        }
      }
      case OPEN -> {
        if (c == '!') {
          state = State.BANG;
        } else if (c == '?') {
          state = State.INSTRUCTION;
        } else {
          // an element tag begins: the parser has handed on the text before it
          state = State.FREE;
          run = 0;
        }
      }
      case BANG -> state = c == '-' ? State.BANG_DASH : c == '[' ? State.CDATA : State.DECLARATION;
      case BANG_DASH -> state = c == '-' ? State.COMMENT : State.DECLARATION;
      case COMMENT -> endsAfter(c, '-', '-');
      case CDATA -> endsAfter(c, ']', ']');
      case INSTRUCTION -> endsAfter(c, -1, '?');
      case DECLARATION -> {
        if (c == '>') {
          state = State.FREE;
        }
      }
    }
    beforeLast = last;
    last = c;
    if (++run > maxChars) {
      throw tooLong();
    }
  }

  /** A comment, CDATA section or instruction ends at {@code >} after the given units. */
  private void endsAfter(int c, int first, int second) {
    if (c == '>' && last == second && (first < 0 || beforeLast == first)) {
      state = State.FREE;
    }
  }

  private UnpackLimitException tooLong() {
    return new UnpackLimitException("refused: more than " + maxChars
        + " characters of text, comments, CDATA or attributes between two element tags (limit dmarc.parse.max-part-chars)");
  }
}
