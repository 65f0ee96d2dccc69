package org.dmarcpipeline.ingest.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.james.mime4j.mboxiterator.CharBufferWrapper;
import org.apache.james.mime4j.mboxiterator.MboxIterator;
import org.dmarcpipeline.schema.unpack.ContentKind;

/**
 * Turns the paths a user names into backfill items: report files (xml, gz, zip), mail files
 * (.eml), mbox files and Maildir folders, directories walked recursively. What a file is comes
 * from its first bytes, as for attachments.
 */
public final class BackfillSources {

  private final int maxMessageBytes;

  public BackfillSources(int maxMessageBytes) {
    this.maxMessageBytes = maxMessageBytes;
  }

  /** The files under {@code paths}, in a stable order; mbox files count as one each. */
  public List<Path> files(List<Path> paths) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).filter(BackfillSources::notMaildirTemp).sorted().forEach(files::add);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        throw new IOException("no such file or directory: " + path);
      }
    }
    return files;
  }

  /** Hands every item of {@code file} to {@code sink}: one for most files, one per message of an mbox. */
  public void items(Path file, Consumer<BackfillItem> sink) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(64);
    }
    if (ContentKind.sniff(head, head.length) != ContentKind.UNKNOWN) {
      sink.accept(new BackfillItem(file.toString(), BackfillItem.Kind.REPORT_FILE, () -> Files.readAllBytes(file)));
    } else if (new String(head, StandardCharsets.ISO_8859_1).startsWith("From ")) {
      mbox(file, sink);
    } else {
      sink.accept(new BackfillItem(file.toString(), BackfillItem.Kind.MAIL, () -> Files.readAllBytes(file)));
    }
  }

  private void mbox(Path file, Consumer<BackfillItem> sink) throws IOException {
    // ISO-8859-1 maps every byte to one char and back: the messages come out byte for byte
    try (MboxIterator messages =
        MboxIterator.fromFile(file).charset(StandardCharsets.ISO_8859_1).maxMessageSize(maxMessageBytes).build()) {
      int n = 0;
      for (CharBufferWrapper message : messages) {
        byte[] bytes = message.asInputStream(StandardCharsets.ISO_8859_1).readAllBytes();
        sink.accept(new BackfillItem(file + "#" + (++n), BackfillItem.Kind.MAIL, () -> withoutFromLine(bytes)));
      }
    }
  }

  /** mbox separators ("From sender date") are not part of the message. */
  static byte[] withoutFromLine(byte[] message) {
    if (message.length > 5 && new String(message, 0, 5, StandardCharsets.ISO_8859_1).equals("From ")) {
      for (int i = 0; i < message.length; i++) {
        if (message[i] == '\n') {
          return Arrays.copyOfRange(message, i + 1, message.length);
        }
      }
    }
    return message;
  }

  /** Maildir's tmp/ holds messages still being written. */
  private static boolean notMaildirTemp(Path file) {
    Path parent = file.getParent();
    return parent == null || !parent.getFileName().toString().equals("tmp") || !Files.isDirectory(parent.resolveSibling("cur"));
  }
}
