package org.dmarcpipeline.schema.unpack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts bytes read and stops at a limit with the reason it was given. */
final class CountingInputStream extends FilterInputStream {

  private final long limit;
  private final String overLimitReason;
  private long count;

  CountingInputStream(InputStream in, long limit, String overLimitReason) {
    super(in);
    this.limit = limit;
    this.overLimitReason = overLimitReason;
  }

  long count() {
    return count;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) {
      add(1);
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    if (n > 0) {
      add(n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(n);
    add(skipped);
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  private void add(long n) throws UnpackLimitException {
    count += n;
    if (count > limit) {
      throw new UnpackLimitException(overLimitReason);
    }
  }
}
