package org.dmarcpipeline.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StageSupervisorTest {

  private final List<Integer> exits = new ArrayList<>();
  private final StageSupervisor supervisor = new StageSupervisor(exits::add);

  @Test
  void aThreadDyingOfAnUnhandledFailureShouldEndTheProcessNonZero() {
    supervisor.uncaughtException(new Thread("dmarc-processor"), new IllegalStateException("broken"));

    assertThat(exits).containsExactly(StageSupervisor.FAILED).allMatch(status -> status != 0);
  }

  @Test
  void aFailureWhileStoppingShouldNotEndTheProcess() {
    supervisor.stopping();

    supervisor.uncaughtException(new Thread("dmarc-processor"), new IllegalStateException("broken"));

    assertThat(exits).isEmpty();
  }

  @Test
  void theLineShouldNameTheFailureAndItsRootCauseOnOneLine() {
    var failure = new IllegalStateException("loop failed", new UncheckedIOException(new java.io.IOException("disk\nfull")));

    assertThat(StageSupervisor.describe(failure))
        .isEqualTo("java.lang.IllegalStateException: loop failed (caused by java.io.IOException: disk full)");
  }
}
