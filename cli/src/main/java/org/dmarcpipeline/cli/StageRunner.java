package org.dmarcpipeline.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.dmarcpipeline.schema.config.Settings;

/** Runs a long-lived stage until the JVM is asked to stop (SIGTERM, Ctrl-C). */
final class StageRunner {

  private StageRunner() {}

  static Settings settings(Path configFile) throws IOException {
    Properties properties = new Properties();
    if (configFile != null) {
      try (InputStream in = Files.newInputStream(configFile)) {
        properties.load(in);
      }
    }
    return new Settings(properties, System::getenv);
  }

  static void runUntilStopped(AutoCloseable stage) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    stage.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "stage-stop"));
    stopped.await();
  }
}
