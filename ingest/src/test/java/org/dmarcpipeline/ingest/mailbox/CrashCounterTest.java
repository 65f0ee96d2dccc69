package org.dmarcpipeline.ingest.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashCounterTest {

  @TempDir Path dir;

  @Test
  void mailShouldBePermanentWhenItsParseBeganThreeTimesAcrossRestartsAndNeverFinished() throws Exception {
    Path file = dir.resolve("m.crashes");
    String mail = CrashCounter.key(42, 7);
    for (int attempt = 0; attempt < 3; attempt++) {
      new CrashCounter(file, 3).begin(mail); // a new counter each time: the JVM died meanwhile
    }

    CrashCounter afterRestart = new CrashCounter(file, 3);
    assertThatThrownBy(() -> afterRestart.begin(mail))
        .isInstanceOf(PermanentMailException.class)
        .hasMessage("parsing this mail crashed ingest 3 times");
    afterRestart.begin(CrashCounter.key(42, 8));
  }

  @Test
  void finishedParsesShouldNotCount() throws Exception {
    Path file = dir.resolve("m.crashes");
    CrashCounter counter = new CrashCounter(file, 1);
    String mail = CrashCounter.key(42, 7);
    for (int i = 0; i < 5; i++) {
      counter.begin(mail);
      counter.end(mail);
    }
    counter.begin(CrashCounter.key(42, 8)); // writes the file without the finished mail

    new CrashCounter(file, 1).begin(mail);
  }

  @Test
  void aFolderRecreatedWithANewUidValidityShouldNotInheritCounts() throws Exception {
    Path file = dir.resolve("m.crashes");
    new CrashCounter(file, 1).begin(CrashCounter.key(42, 7));

    new CrashCounter(file, 1).begin(CrashCounter.key(43, 7));
    assertThat(file).content().contains("42/7 1").contains("43/7 1");
  }
}
