package org.dmarcpipeline.testing.services;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A command line that starts another JVM like this one (same Java, same classpath), to be killed or measured. */
public final class ChildJvm {

  private ChildJvm() {}

  public static List<String> command(List<String> jvmFlags, String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(args));
    return command;
  }
}
