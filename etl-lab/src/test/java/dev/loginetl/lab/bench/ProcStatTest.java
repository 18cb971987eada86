package dev.loginetl.lab.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcStatTest {
  @Test
  void readsTheCpuOfWaitedForChildrenFromAStatLine() {
    // A command name with a space and a parenthesis; cutime 250 and cstime 31 ticks (fields 16, 17).
    String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 5000 0 0 0 700 90 250 31 20 0 30 0 123 4096 512";

    assertThat(ProcStat.parse(stat).childrenSeconds()).isEqualTo(2.81);
  }
}
