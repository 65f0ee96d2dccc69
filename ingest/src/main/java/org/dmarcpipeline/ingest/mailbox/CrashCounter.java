package org.dmarcpipeline.ingest.mailbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts, across restarts, how often the parse of a mail began and never finished: a mail that
 * kills the JVM (out of memory) would otherwise be fetched, parsed and die again after every
 * restart, and no later mail would ever be read. Once a mail has begun {@code maxAttempts} times
 * without finishing, it is not parsed again but quarantined with a dead letter.
 *
 * <p>Kept in a small file per mailbox under the state directory, not in an IMAP keyword on the
 * mail: a keyword costs a round trip to the server before every parse (the round trips are most
 * of ingest's time, docs/performance.md), and servers may refuse keywords. The file holds only
 * the mails whose parse began and did not finish: the one being parsed, and those that crashed.
 * It is replaced atomically before each parse; after a parse that finished, the entry is dropped
 * with the next write. Not synced to disk: a JVM that dies leaves its written file to the
 * operating system; only a power loss can lose a count, which costs one more attempt.
 *
 * <p>One mailbox parses one mail at a time; the methods are synchronized all the same.
 */
final class CrashCounter {

  private final Path file;
  private final int maxAttempts;
  private final Map<String, Integer> unfinished = new LinkedHashMap<>();

  /**
   * @param file the mailbox's state file; read if present
   * @param maxAttempts parses of one mail that may die before the mail is quarantined
   * @throws IOException when the file exists and cannot be read
   */
  CrashCounter(Path file, int maxAttempts) throws IOException {
    this.file = file;
    this.maxAttempts = maxAttempts;
    if (Files.exists(file)) {
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        String[] fields = line.strip().split(" ");
        if (fields.length == 2 && fields[1].matches("[0-9]{1,9}")) {
          unfinished.put(fields[0], Integer.parseInt(fields[1]));
        }
      }
    }
  }

  /**
   * Counts an attempt to parse the mail, durably, before it starts.
   *
   * @param mail the mail's key in its folder, UIDVALIDITY and UID ({@link #key})
   * @throws PermanentMailException when parsing the mail already began {@code maxAttempts} times
   *     and never finished
   * @throws IOException when the count cannot be written: the mail is not parsed unguarded
   */
  synchronized void begin(String mail) throws PermanentMailException, IOException {
    int crashes = unfinished.getOrDefault(mail, 0);
    if (crashes >= maxAttempts) {
      unfinished.remove(mail);
      write();
      throw new PermanentMailException("parsing this mail crashed ingest " + crashes + " times", null);
    }
    unfinished.put(mail, crashes + 1);
    write();
  }

  /** The parse of the mail finished, however it ended. */
  synchronized void end(String mail) {
    unfinished.remove(mail);
  }

  /** A mail's key: UIDs are unique in a folder as long as its UIDVALIDITY stays the same. */
  static String key(long uidValidity, long uid) {
    return uidValidity + "/" + uid;
  }

  private void write() throws IOException {
    StringBuilder text = new StringBuilder();
    unfinished.forEach((mail, attempts) -> text.append(mail).append(' ').append(attempts).append('\n'));
    Path next = file.resolveSibling(file.getFileName() + ".next");
    Files.writeString(next, text, StandardCharsets.US_ASCII);
    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
